import ArgumentParser
import Foundation
import PinganApp
import PinganCore
import PinganServer
import PinganStore

/// `pingan user …`: manage people who sign in.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage users.", subcommands: [Add.self])

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
