import Foundation
import Logging
import PinganAnalytics
import PinganApp
import PinganCore
import PinganGeo
import PinganServer
import PinganStore

/// Brings the demo city's past (`DemoHistory`: thirteen months of closed incidents before the day
/// the city was set up) into the store through the server's own `POST /v1/import/incidents`, as a
/// city moving to Pingan would, so the dashboard's year-over-year figures have a year to compare
/// with from the first start.
///
/// The history ends at the local midnight of the deployment's first event, so every start
/// generates the same rows; it is imported when the store holds fewer incidents before that
/// midnight than the history has (the first start, or one cut short), and the import skips what
/// an earlier start stored (by source ID). It runs in the background once the simulator is up:
/// the city's calls and crews do not wait for it.
///
/// Importing is an administrator's work, and the simulator's account is a dispatcher's; like the
/// sensors' `installer`, the history belongs to a demo account of its own, `archivist` (历史数据
/// 导入, an administrator of the simulated city with a random password nobody is shown), whose
/// name the audit log gives every imported incident.
struct DemoHistoryImport: Sendable {
    static let archivistUsername = "archivist"

    /// A session of the archivist, for this one import (signed out after).
    let token: String
    /// Local midnight (China Standard Time) of the day the city was set up: history ends there.
    let end: Date
    /// When the city was set up: no past incident closes after it.
    let setUp: Date
    let city: DemoCity
    let network: RoadNetwork
    let seed: UInt64
    /// How many days before `end` the history covers.
    let days: Int

    /// The archivist's account (created when missing), where history ends, and a session.
    static func prepare(store: any Store, city: DemoCity, network: RoadNetwork, seed: UInt64, days: Int, bcryptCost: Int) async throws -> DemoHistoryImport {
        let service = AppServices(store: store)
        let archivist: User
        if let existing = try await store.user(username: archivistUsername) {
            archivist = existing
        } else {
            archivist = try await service.users.create(username: archivistUsername, displayName: "历史数据导入（模拟）", role: .admin,
                                                       jurisdictionID: city.jurisdictions[0].id, unitID: nil,
                                                       passwordHash: try await Passwords.hash(FirstAdmin.randomPassword(), cost: bcryptCost),
                                                       by: .system, scope: .everything).get()
        }
        let setUp = try await store.events(after: 0, scope: .everything, limit: 1).first?.at ?? Date()
        let local = Int64(setUp.timeIntervalSince1970.rounded(.down)) + 8 * 3600
        let midnight = Date(timeIntervalSince1970: Double(local - ((local % 86_400) + 86_400) % 86_400 - 8 * 3600))
        return DemoHistoryImport(token: try await ServiceToken.issue(for: archivist, users: service.users, lifetime: 3600), end: midnight,
                                 setUp: setUp, city: city, network: network, seed: seed, days: days)
    }

    /// Runs `work` on a new thread and waits for it without holding a thread of the shared pool.
    static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { done in Thread.detachNewThread { done.resume(with: Result { try work() }) } }
    }

    static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { done in Thread.detachNewThread { done.resume(returning: work()) } }
    }

    /// The history's rows, the same on every start.
    func incidents() -> [DemoHistory.Incident] {
        var history = DemoHistory(generator: CallGenerator(model: .montgomery, network: network), city: city, seed: seed ^ 0x4157)
        history.days = days
        let places = network.places
        return history.incidents(end: end, now: setUp) { DemoWorld.callAddress($0, places: places) }
    }

    /// Generates, checks what is there, imports what is missing, and says what it did. A
    /// failure costs the history only, never the running city.
    func run(base: URL, logger: Logger) async {
        let client = APIClient(base: base, token: token)
        defer { Task { _ = try? await client.send("POST", "v1/auth/logout") } }
        do {
            let started = Date()
            // Seconds of arithmetic: on a thread of its own, not one of the few the server and the simulator share.
            let rows = await Self.onOwnThread { self.incidents() }
            let generated = Date().timeIntervalSince(started)
            struct Page: Decodable { var total: Int }
            let stored = try await client.get("v1/incidents?to=\(Timestamp.format(end))&limit=1", as: Page.self).total
            guard stored < rows.count else {
                logger.info("demo history already imported", metadata: ["incidents": "\(stored)"])
                return
            }
            let body = try await Self.onOwnThread { try JSONSerialization.data(withJSONObject: ["incidents": DemoHistory.csv(rows)]) }
            let posting = Date()
            let reply = try await client.send("POST", "v1/import/incidents", body: body)
            let seconds = Date().timeIntervalSince(posting)
            struct Summary: Decodable { var imported: Int, skipped: Int }
            let summary = try JSONCoding.decoder.decode(Summary.self, from: reply)
            let first = rows.first.map { IncidentDecider.numberingDay($0.receivedAt) } ?? "", last = rows.last.map { IncidentDecider.numberingDay($0.receivedAt) } ?? ""
            say(String(format: "Demo history: %d past incidents (%@–%@, all simulated) imported in %.1f s (generated in %.1f s)%@; the dashboard compares with them.",
                       summary.imported, first, last, seconds, generated, summary.skipped > 0 ? ", \(summary.skipped) already there" : ""))
            logger.info("demo history imported", metadata: ["imported": "\(summary.imported)", "skipped": "\(summary.skipped)",
                                                            "seconds": "\(String(format: "%.2f", seconds))", "generateSeconds": "\(String(format: "%.2f", generated))"])
        } catch {
            logger.warning("demo history not imported; the city runs without it", metadata: ["error": "\(error)"])
        }
    }
}
