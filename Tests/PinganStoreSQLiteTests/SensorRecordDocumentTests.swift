import Foundation
import PinganCore
import PinganStore
import Testing

/// `SensorRecord.storedDocument()` writes by hand what the encoder writes; these hold the two
/// byte-equal, so a field added to the record without being added there fails here.
@Suite("Sensor record document")
struct SensorRecordDocumentTests {
    @Test("byte-equal to JSONCoding.encoder, sparse and full")
    func matchesEncoder() throws {
        let at = Date(auditMilliseconds: 1_790_000_000_123)
        let sparse = SensorRecord(sensorID: SensorID("cam-1"), batchID: "b", seq: 0, at: at, kind: .crowd, path: "/c/d/", count: 12_000)
        let full = SensorRecord(sensorID: SensorID("gate/1"), batchID: "b\"2", seq: 7, at: at, kind: .plate, path: "/c/d/s1/",
                                plate: try PlateNumber.normalise("京A12345"), plateColour: "blue", vehicleType: "car", direction: "in",
                                confidence: 0.875, image: "https://img.example/1.jpg?a=b&c=\\d", documentHash: "abc", documentMasked: "1101**********123X",
                                text: "张三\n\u{1}", count: 3, lat: 31.234567, lon: -121.5)
        for record in [sparse, full] {
            let expected = String(decoding: try JSONCoding.encoder.encode(record), as: UTF8.self)
            #expect(record.storedDocument() == expected)
            #expect(try JSONCoding.decoder.decode(SensorRecord.self, from: Data(record.storedDocument().utf8)) == record)
        }
    }

    @Test("every string escaped at its longest still fits the reserved room, appended after what is there")
    func worstCaseEscapes() throws {
        let controls = String(repeating: "\u{1}", count: 40)
        let record = SensorRecord(sensorID: SensorID(controls), batchID: controls, seq: Int.max, at: Date(auditMilliseconds: -1_000),
                                  kind: .plate, path: controls, plate: nil, plateColour: controls, vehicleType: controls, direction: controls,
                                  confidence: -1.2345678901234567e-300, image: controls, documentHash: controls, documentMasked: controls,
                                  text: controls, count: Int.min, lat: -89.99999999999999, lon: -179.99999999999997)
        var out: [UInt8] = Array("prefix".utf8)
        record.writeStoredDocument(into: &out)
        let expected = String(decoding: try JSONCoding.encoder.encode(record), as: UTF8.self)
        #expect(String(decoding: out, as: UTF8.self) == "prefix" + expected)
        #expect(record.storedDocument() == expected)
    }

    @Test("a document written without its key members and keyed again is the whole document", arguments: [false, true])
    func unkeyedAndKeyedAgain(worst: Bool) throws {
        let controls = String(repeating: "\u{1}", count: 40)
        let at = Date(auditMilliseconds: worst ? -1_000 : 1_790_000_000_123)
        let records = worst
            ? [SensorRecord(sensorID: SensorID(controls), batchID: controls, seq: Int.max, at: at, kind: .plate, path: controls, plate: nil,
                            plateColour: controls, vehicleType: controls, direction: controls, confidence: -1.5e-300, image: controls,
                            documentHash: controls, documentMasked: controls, text: controls, count: Int.min, lat: -89.9, lon: -179.9)]
            : [SensorRecord(sensorID: SensorID("cam-1"), batchID: "b", seq: 0, at: at, kind: .crowd, path: "/c/d/", count: 12_000),
               SensorRecord(sensorID: SensorID("gate/1"), batchID: "b\"2", seq: 7, at: at, kind: .plate, path: "/c/d/s1/",
                            plate: try PlateNumber.normalise("京A12345"), plateColour: "blue", direction: "in", confidence: 0.93)]
        for record in records {
            var unkeyed: [UInt8] = []
            DocumentCursor.append(to: &unkeyed, atMost: record.storedDocumentBound) { record.writeUnkeyedDocument(to: &$0) }
            let text = String(decoding: unkeyed, as: UTF8.self)
            for member in ["\"at\"", "\"batchID\"", "\"path\"", "\"sensorID\"", "\"seq\""] { #expect(!text.contains(member)) }
            #expect(text.utf8.count < record.storedDocument().utf8.count)
            let keyed = DocumentCursor.keyed(Substring(text), atMs: record.at.auditMilliseconds, seq: Int64(record.seq),
                                             sensorID: record.sensorID.rawValue, batchID: record.batchID, path: record.path)
            #expect(try JSONCoding.decoder.decode(SensorRecord.self, from: Data(keyed.utf8)) == record)
            // The same members and values as the whole document, in another order.
            let whole = try JSONSerialization.jsonObject(with: Data(record.storedDocument().utf8)) as? NSDictionary
            #expect(try JSONSerialization.jsonObject(with: Data(keyed.utf8)) as? NSDictionary == whole)
            // A whole document (as chunks written before held them) is read as it is.
            #expect(DocumentCursor.keyed(Substring(record.storedDocument()), atMs: 0, seq: 0, sensorID: "x", batchID: "y", path: "/z/")
                    == record.storedDocument())
        }
    }
}
