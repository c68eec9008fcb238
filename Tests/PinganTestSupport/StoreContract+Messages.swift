import Foundation
import PinganCore
import PinganStore
import PinganApp
import Testing

extension StoreContract {
    /// Messages: one copy per unit in the unit's jurisdiction, receipts only from the unit's own
    /// officers, each receipt recorded once.
    static func messages(_ store: any Store, _ time: TestTime) async throws {
        let (service, f) = try await seeded(store, time)
        let crewA = try await service.users.create(username: "crewA", displayName: "Crew A", role: .fieldOfficer, jurisdictionID: f.stationA.id,
                                                 unitID: f.unitsA[0].id, passwordHash: Fixtures.placeholderHash, by: .system, scope: .everything).get()
        let everyone = try await service.messages.send("全体注意：南京东路有大型活动", to: .all, by: f.dispatcher).get()
        #expect(everyone.count == f.unitsA.count + f.unitsB.count)
        #expect(Set(everyone.map(\.broadcastID)).count == 1)
        time.advance(by: 5)
        let one = try await service.messages.send("HP01-1 请到南京东路300号", to: .unit(f.unitsA[0].id), by: f.dispatcher).get()
        #expect(one.map(\.unitID) == [f.unitsA[0].id])
        #expect(one[0].from.name == "Dispatcher")

        // Station A's officer sees its three units' copies of the broadcast plus the direct one.
        let inA = try await store.messages(MessageQuery(), scope: f.officerA.scope)
        #expect(inA.count == f.unitsA.count + 1)
        #expect(inA.first?.id == one[0].id)   // newest first
        let mine = try await store.messages(MessageQuery(unitID: f.unitsA[0].id), scope: crewA.scope)
        #expect(mine.map(\.id) == [one[0].id, everyone.first { $0.unitID == f.unitsA[0].id }!.id])
        #expect(try await store.messages(MessageQuery(broadcastID: everyone[0].broadcastID), scope: .everything).count == everyone.count)
        #expect(try await store.message(everyone.first { $0.unitID == f.unitsB[0].id }!.id, scope: f.officerA.scope) == nil)

        let before = try await store.lastSequence()
        time.advance(by: 2)
        let delivered = try await service.messages.acknowledge(one[0].id, .delivered, by: crewA).get()
        #expect(delivered.deliveredAt == time.now() && delivered.readAt == nil)
        time.advance(by: 3)
        let read = try await service.messages.acknowledge(one[0].id, .read, by: crewA).get()
        #expect(read.readAt == time.now() && read.deliveredAt == delivered.deliveredAt)
        _ = try await service.messages.acknowledge(one[0].id, .read, by: crewA).get()   // a retry changes nothing
        #expect(try await store.lastSequence() == before + 2)
        #expect(try await store.message(one[0].id, scope: .everything) == read)
        // Another unit's copy cannot be acknowledged by this crew.
        let other = everyone.first { $0.unitID == f.unitsA[1].id }!
        await #expect(throws: DomainError.self) { _ = try await service.messages.acknowledge(other.id, .read, by: crewA).get() }
        await #expect(throws: DomainError.self) { _ = try await service.messages.send(" ", to: .unit(f.unitsA[0].id), by: f.dispatcher).get() }
        await #expect(throws: DomainError.self) { _ = try await service.messages.send("hi", to: .unit(f.unitsB[0].id), by: f.officerA).get() }
        #expect(try await store.lastSequence() == before + 2)
        #expect(try await store.verifyChain().isIntact)
    }

    /// A unit's track in a window, oldest first, within scope only.
    static func trackWindow(_ store: any Store, _ time: TestTime) async throws {
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        var points: [TrackRecord] = []
        for i in 0..<50 {
            let even = i % 2 == 0
            let at = t0.addingTimeInterval(Double(i) * 10)
            points.append(TrackRecord(unitID: UnitID(even ? "a" : "b"), path: even ? "/c/s1/" : "/c/s2/", at: at, lat: 31 + Double(i) / 10_000, lon: 121))
        }
        try await store.appendTrackPoints(points)
        let window = try await store.track(of: UnitID("a"), from: t0.addingTimeInterval(100), to: t0.addingTimeInterval(300),
                                           scope: .everything, limit: 100)
        let lower = t0.addingTimeInterval(100), upper = t0.addingTimeInterval(300)
        let expected = points.filter { p in p.unitID == UnitID("a") && p.at >= lower && p.at <= upper }
        #expect(window == expected)
        #expect(window.count == 11)
        #expect(try await store.track(of: UnitID("a"), from: t0, to: t0.addingTimeInterval(1000), scope: .everything, limit: 3).count == 3)
        #expect(try await store.track(of: UnitID("a"), from: t0, to: t0.addingTimeInterval(1000), scope: Scope(path: "/c/s2/"), limit: 100).isEmpty)
    }
}
