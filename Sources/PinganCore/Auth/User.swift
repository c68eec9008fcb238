/// A person who signs in. `path` is the jurisdiction subtree their every read and write is
/// limited to.
public struct User: Codable, Sendable, Hashable, Versioned {
    public var id: UserID
    public var username: String
    public var displayName: String
    public var role: Role
    public var jurisdictionID: JurisdictionID
    /// The unit a field officer crews, so they may move its incident along.
    public var unitID: UnitID?
    /// bcrypt hash; never leaves the server.
    public var passwordHash: String
    public var disabled: Bool
    public var path: String
    public var version: Int
    /// Set by a password someone else chose (an import's one-time password, an administrator's
    /// reset): until the user sets their own, they may do nothing else.
    @DefaultFalse public var mustChangePassword: Bool
    /// The agency an `externalAgency` user works for: they see and work its referrals only.
    public var agencyID: AgencyID?

    public init(id: UserID, username: String, displayName: String, role: Role, jurisdictionID: JurisdictionID,
                unitID: UnitID? = nil, passwordHash: String, disabled: Bool = false, path: String, version: Int = 1,
                mustChangePassword: Bool = false, agencyID: AgencyID? = nil) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.role = role
        self.jurisdictionID = jurisdictionID
        self.unitID = unitID
        self.passwordHash = passwordHash
        self.disabled = disabled
        self.path = path
        self.version = version
        self.mustChangePassword = mustChangePassword
        self.agencyID = agencyID
    }

    public var scope: Scope { Scope(path: path) }

    /// The operator at the server's own shell (`pingan user …`, `pingan org …`): whoever can
    /// run the binary against the data already holds everything, so it stands above every
    /// administrator, the root ones included (a forgotten root password is reset from here).
    /// Its changes are recorded as made by `shell`.
    public static let shellOperator = User(id: UserID("shell"), username: "shell", displayName: "shell", role: .admin,
                                           jurisdictionID: Jurisdiction.root.id, passwordHash: "", path: "")

    /// The user as others may see it: no hash.
    public var publicView: PublicUser {
        PublicUser(id: id, username: username, displayName: displayName, role: role, jurisdictionID: jurisdictionID, unitID: unitID, disabled: disabled,
                   path: path, version: version, mustChangePassword: mustChangePassword, agencyID: agencyID)
    }
}

public struct PublicUser: Codable, Sendable, Hashable {
    public var id: UserID
    public var username: String
    public var displayName: String
    public var role: Role
    public var jurisdictionID: JurisdictionID
    public var unitID: UnitID?
    public var disabled: Bool
    public var path: String
    /// The version an edit must name (absent in events recorded before it was carried).
    public var version: Int?
    /// True until the user replaces a password someone else set.
    public var mustChangePassword: Bool?
    /// The agency an `externalAgency` user works for.
    public var agencyID: AgencyID?
}

/// Who did something, as the audit log records it.
public struct Actor: Codable, Sendable, Hashable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }

    public init(_ user: User) { self.init(id: user.id.rawValue, name: user.username) }

    /// Changes made by Pingan itself: migrations, first start, simulations.
    public static let system = Actor(id: "system", name: "system")
}
