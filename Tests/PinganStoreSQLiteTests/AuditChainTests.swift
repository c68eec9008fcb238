import Foundation
import PinganCore
import PinganStore
import Testing

@Suite("Audit chain")
struct AuditChainTests {
    func rows(_ n: Int) throws -> [RecordedEvent] {
        var prev = AuditChain.genesis
        return (1...n).map { i in
            let event = Event(type: .incidentCreated, subject: "i\(i)", path: "/c/", data: .object(["n": .number(Double(i)), "text": .string("第\(i)条 \"quoted\" / slash")]))
            let row = AuditChain.seal(seq: Int64(i), at: Date(timeIntervalSince1970: 1_790_000_000.1234 + Double(i)), actor: Actor(id: "u", name: "dispatcher"),
                                          command: "CreateIncident", event: event, prevHash: prev)
            prev = row.hash
            return row
        }
    }

    @Test func intactChainHasNoBreak() throws {
        #expect(AuditChain.firstBreak(in: try rows(5)) == nil)
    }

    @Test func rowsSurviveAJSONRoundTrip() throws {
        let original = try rows(5)
        let decoded = try JSONCoding.decoder.decode([RecordedEvent].self, from: JSONCoding.encoder.encode(original))
        #expect(decoded.map(AuditChain.hash(of:)) == original.map(\.hash))
        #expect(AuditChain.firstBreak(in: decoded) == nil)
    }

    @Test func everyKindOfTamperingIsFound() throws {
        var edited = try rows(5)
        edited[2].payload = edited[2].payload.replacingOccurrences(of: "3", with: "4")
        #expect(AuditChain.firstBreak(in: edited)?.seq == 3)
        var deleted = try rows(5)
        deleted.remove(at: 1)
        #expect(AuditChain.firstBreak(in: deleted)?.seq == 2)
        var resealed = try rows(5)
        resealed[1].command = "Forged"
        resealed[1].hash = AuditChain.hash(of: resealed[1])
        #expect(AuditChain.firstBreak(in: resealed)?.seq == 3, "re-sealing one row breaks the link of the next")
        var swapped = try rows(5)
        swapped.swapAt(1, 2)
        #expect(AuditChain.firstBreak(in: swapped)?.seq == 2)
    }
}
