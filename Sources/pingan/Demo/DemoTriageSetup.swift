import Foundation
import PinganAnalytics
import PinganApp
import PinganCore
import PinganServer
import PinganStore

/// Puts the demo city's triage into the store (`DemoTriagePlan`): the 12345 hotline, the
/// comprehensive-governance centre and the community grid as agencies registered at the city,
/// each with a sign-in for a person and a desk account the simulator answers under, and the
/// routing rules and shortened referral deadlines in the city's policy. Idempotent piece by
/// piece, like `DemoSensingSetup`: an agency by its code, an account by its name, a rule by its
/// ID, so a data directory seeded before the demo had agencies gets them on its next start.
///
/// The city's policy is read and written back whole, with only the missing rules (and the
/// deadlines, when the city has none) added: whatever a person set there stays. The agencies and
/// the policy are written as the demo-city generator, the same name the audit log gives the
/// seeding of the city itself.
enum DemoTriageSetup {
    /// The actor of the agencies' registration and the policy change: the commands take a user,
    /// and the demo's seeding is no person's act.
    static let generator = User(id: UserID("demo"), username: "demo-city generator", displayName: "demo-city generator", role: .admin,
                                jurisdictionID: Jurisdiction.root.id, passwordHash: "", path: Jurisdiction.root.path)

    /// Adds what is missing; says what it added. `password` is the one the demo's other sign-ins
    /// were just given, when they were; otherwise the agencies' sign-ins get
    /// `PINGAN_ADMIN_PASSWORD` or a new one-time password, printed.
    static func ensure(city: DemoCity, store: any Store, bcryptCost: Int, password: String?) async throws {
        let service = AppServices(store: store)
        let cityID = city.jurisdictions[0].id
        var registered = Dictionary(try await store.agencies().map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        var added: [String] = []
        for spec in DemoTriagePlan.agencies where registered[spec.code] == nil {
            let input = NewAgency(code: spec.code, name: spec.name, nameEn: spec.nameEn, kind: spec.kind, jurisdictionID: cityID, phone: spec.phone)
            registered[spec.code] = try await service.agencies.create(input, by: generator).get()
            added.append(spec.name)
        }

        // The people's sign-ins share one password, printed once; the desks get random ones.
        let given = Environment.process[.adminPassword]
        var shown: String?
        var logins: [String] = []
        for spec in DemoTriagePlan.agencies {
            guard let agency = registered[spec.code], agency.active else { continue }
            if try await store.user(username: spec.login) == nil {
                let text = shown ?? password ?? given ?? FirstAdmin.randomPassword()
                shown = text
                _ = try await service.users.create(username: spec.login, displayName: spec.loginName, role: .externalAgency, jurisdictionID: cityID,
                                                   unitID: nil, passwordHash: try await Passwords.hash(text, cost: bcryptCost), by: .system,
                                                   scope: .everything, agencyID: agency.id).get()
                logins.append("'\(spec.login)' (\(spec.name))")
            }
            if try await store.user(username: spec.desk) == nil {
                _ = try await service.users.create(username: spec.desk, displayName: spec.deskName, role: .externalAgency, jurisdictionID: cityID,
                                                   unitID: nil, passwordHash: try await Passwords.hash(FirstAdmin.randomPassword(), cost: bcryptCost),
                                                   by: .system, scope: .everything, agencyID: agency.id).get()
            }
        }

        guard let j = try await store.jurisdiction(cityID, scope: .everything) else { return }
        let rules = DemoTriagePlan.referralRules(agencyIDs: registered.filter { $0.value.active }.mapValues(\.id))
        if let policy = DemoTriagePlan.policy(adding: rules, to: j.policy ?? JurisdictionPolicy()) {
            // Refused when a rule someone wrote no longer holds (its agency retired since): the
            // demo runs on with the policy as it stands.
            do {
                _ = try await service.organisation.setPolicy(cityID, policy, version: j.version, by: generator).get()
            } catch {
                say("Demo triage: the city's routing rules were left as they are (\(error)).")
            }
        }

        if !added.isEmpty {
            let deadlines = DemoTriagePlan.deadlines
            say("Demo triage: \(added.joined(separator: ", ")) take the city's non-police calls by its routing rules "
                + "(accept within \(deadlines.acceptSeconds / 60) min, feedback within \(deadlines.feedbackSeconds / 60) min); "
                + "the simulator answers for them, some late (all simulated).")
        }
        if let shown, !logins.isEmpty {
            let accounts = "Demo agency sign-ins (the console's referrals page): " + logins.joined(separator: ", ")
            say(given == nil ? "\(accounts), password: \(shown)" : "\(accounts), password from PINGAN_ADMIN_PASSWORD.")
        }
    }

    /// Sessions for the agencies' desks, for the simulator to answer their referrals with for the
    /// whole run (a week, like its own), by agency code; a desk whose account is missing or
    /// disabled is left out (its agency's referrals then wait for a person).
    static func deskTokens(store: any Store) async throws -> [String: String] {
        let users = AppServices(store: store).users
        var tokens: [String: String] = [:]
        for spec in DemoTriagePlan.agencies {
            guard let desk = try await store.user(username: spec.desk), !desk.disabled else { continue }
            tokens[spec.code] = try await ServiceToken.issue(for: desk, users: users)
        }
        return tokens
    }
}
