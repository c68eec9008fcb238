import Foundation
import PinganCore
import PinganGeo
import PinganStore
import PinganStoreSQLite
import Testing

/// `pingan export` / `pingan import` carry the grass-roots registers — standard addresses,
/// inhabitants, anti-fraud warnings, disputes — a page at a time like the rest.
@Suite("Deployment archive with the registers")
struct RegisterArchiveTests {
    @Test("addresses, inhabitants, fraud warnings and disputes survive an export and import")
    func roundTrip() async throws {
        let source = try SQLiteStore.inMemory()
        try await source.migrate()
        let t0 = Date(auditMilliseconds: 1_790_000_000_000)
        let path = "/c/s1/", station = JurisdictionID("s1")
        var address = StandardAddress(id: AddressID("ad1"), parts: try AddressNormaliser.normalise(AddressParts(district: "黄浦区", street: "九江路", number: "1")),
                                      location: Coordinate(lat: 31.2, lon: 121.4), stationID: station, path: path)
        address.checkedAt = t0
        address.checkCorrect = false
        let person = Inhabitant(id: InhabitantID("p1"), addressID: address.id, name: "张三", idNumber: "11010519491231002X", kind: .registered,
                                collectedAt: t0, collectedBy: "o", path: path)
        let warning = FraudWarning(id: FraudWarningID("w1"), reference: "FZ-1", source: .csv, victimName: "王某", phone: "13900000001", address: "九江路1号",
                                   addressID: address.id, reason: "刷单返利", amountAtRisk: 5000, deadline: t0 + 3600, receivedAt: t0,
                                   status: .dissuaded, followUps: [.init(status: .dissuaded, at: t0 + 60, by: "o", note: "劝阻成功")],
                                   routing: .standardAddress, stationID: station, path: path)
        let dispute = Dispute(id: DisputeID("d1"), kind: .neighbour, risk: .high, status: .mediating, summary: "漏水", parties: [.init(name: "甲"), .init(name: "乙")],
                              mediators: [.init(name: "调解员", kind: .community)], sessions: [.init(at: t0, by: "o", note: "初谈", outcome: .continuing)],
                              address: "九江路1号", addressID: address.id, followUpDue: t0 + 86_400, openedAt: t0, openedBy: "o", stationID: station, path: path)
        let writes: [EntityWrite] = [.address(address), .inhabitant(person), .fraudWarning(warning), .dispute(dispute)]
        _ = try await source.commit(Changeset(actor: .system, command: .importPopulation, at: t0,
                                              events: [Event(type: .addressRegistered, subject: "ad1", path: path, data: .null)], writes: writes))

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-archive-\(UUID().uuidString).jsonl")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: file) }
        let handle = try FileHandle(forWritingTo: file)
        #expect(try await DeploymentArchive.export(source, to: handle).entities == writes.count)
        try handle.close()

        let target = try SQLiteStore.inMemory()
        try await target.migrate()
        #expect(try await DeploymentArchive.restore(from: file, into: target).entities == writes.count)
        #expect(try await target.addresses(ids: [address.id]) == [address])
        #expect(try await target.inhabitants(at: address.id) == [person])
        #expect(try await target.fraudWarning(warning.id) == warning)
        #expect(try await target.fraudWarningReferences(["FZ-1"]) == ["FZ-1"])
        #expect(try await target.dispute(dispute.id) == dispute)
        #expect(try await target.registryCounts(scope: .everything).first?.checked == 1)
        #expect(try await target.verifyChain().isIntact)
    }
}
