import ArgumentParser
import Foundation
import PinganApp
import PinganCore
import PinganServer
import PinganStore

/// `pingan user …`: manage people who sign in.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage users.", subcommands: [Add.self, List.self, Disable.self, ResetPassword.self])

    /// The user named `username`, or a clear refusal.
    static func find(_ username: String, in store: any Store) async throws -> User {
        guard let user = try await store.user(username: username) else { throw ValidationError("no user \(username)") }
        return user
    }

    /// `pingan user list`: who may sign in, one line each.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users: username, role, jurisdiction, state.")
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let lines: [String] = try await storeOptions.open().use { store in
                var code: [JurisdictionID: String] = [Jurisdiction.root.id: "(all)"]
                for j in try await store.jurisdictions(scope: .everything) { code[j.id] = j.code }
                return try await store.users(scope: .everything).sorted { $0.username < $1.username }.map { u in
                    let state = u.disabled ? "disabled" : u.mustChangePassword ? "must change password" : "active"
                    return [u.username, u.role.rawValue, code[u.jurisdictionID] ?? u.jurisdictionID.rawValue, state, u.displayName].joined(separator: "\t")
                }
            }
            print((["username\trole\tjurisdiction\tstate\tname"] + lines).joined(separator: "\n"))
        }
    }

    /// `pingan user disable`: ends the user's sessions and refuses their sign-ins.
    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user (their sessions end at once); --enable reverses it.")
        @Option(help: "Sign-in name.") var username: String
        @Flag(help: "Enable the account again instead.") var enable = false
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            do {
                try await storeOptions.open().use { store in
                    let user = try await UserCommand.find(username, in: store)
                    _ = try await AppServices(store: store).users.update(user.id, UserEdit(version: user.version, disabled: !enable), by: .shellOperator)
                }
                print(enable ? "Enabled \(username)." : "Disabled \(username); their sessions have ended.")
            } catch let error as DomainError {
                throw ValidationError(error.message)
            }
        }
    }

    /// `pingan user reset-password`: a new one-time password, printed once.
    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password",
            abstract: "Give a user a new one-time password (printed once; they must replace it at sign-in) and end their sessions.")
        @Option(help: "Sign-in name.") var username: String
        @Option(help: "bcrypt cost (4-31).") var bcryptCost = 12
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let password = Passwords.oneTime()
            let hash = try await Passwords.hash(password, cost: bcryptCost)
            do {
                try await storeOptions.open().use { store in
                    let user = try await UserCommand.find(username, in: store)
                    _ = try await AppServices(store: store).users.resetPassword(user.id, hash: hash, by: .shellOperator)
                }
            } catch let error as DomainError {
                throw ValidationError(error.message)
            }
            print("New one-time password for \(username): \(password)")
            print("They must set their own at first sign-in.")
        }
    }

    /// `pingan user add`: creates a user from the shell, e.g. a second administrator.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user. The password comes from PINGAN_USER_PASSWORD or --password.")

        @Option(help: "Sign-in name (letters, digits, . _ -).") var username: String
        @Option(help: "Shown name.") var displayName: String?
        @Option(help: "Role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String
        @Option(help: "Jurisdiction ID the user is limited to; omit for the whole tree (administrators).") var jurisdiction: String?
        @Option(help: "Unit ID a field officer crews.") var unit: String?
        @Option(help: "Password (prefer PINGAN_USER_PASSWORD, which stays out of the shell history).") var password: String?
        @Option(help: "bcrypt cost (4-31).") var bcryptCost = 12
        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            guard Role(rawValue: role) != nil else {
                throw ValidationError("unknown role \(role); one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard password ?? Environment.process[.userPassword] != nil else {
                throw ValidationError("give the password in PINGAN_USER_PASSWORD or with --password")
            }
        }

        func run() async throws {
            let secret = password ?? Environment.process[.userPassword] ?? ""
            do {
                try OrganisationDecider.checkPassword(secret)
                let hash = try await Passwords.hash(secret, cost: bcryptCost)
                let user: User = try await storeOptions.open().use { store in
                    let service = AppServices(store: store)
                    if let jurisdiction {
                        return try await service.users.create(username: username, displayName: displayName ?? username, role: Role(rawValue: role)!,
                                                        jurisdictionID: JurisdictionID(jurisdiction), unitID: unit.map(UnitID.init),
                                                        passwordHash: hash, by: .system, scope: .everything).get()
                    }
                    guard role == Role.admin.rawValue || role == Role.auditor.rawValue else {
                        throw ValidationError("only administrators and auditors may have the whole tree; give --jurisdiction")
                    }
                    return try await service.users.createRoot(username: username, displayName: displayName ?? username,
                                                            role: Role(rawValue: role)!, passwordHash: hash, by: .system)
                }
                print("Created user \(user.username) (\(user.role.rawValue)), id \(user.id)")
            } catch let error as DomainError {
                throw ValidationError(error.message)
            }
        }
    }
}
