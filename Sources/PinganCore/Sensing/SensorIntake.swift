import Foundation

/// One observation as a device sends it, before normalisation.
public struct SensorRecordInput: Codable, Sendable, Hashable {
    public var at: Date
    public var kind: SensorRecord.Kind
    public var plate: String?
    public var plateColour: String?
    public var vehicleType: String?
    public var direction: String?
    public var confidence: Double?
    public var image: String?
    /// A resident identity number as read (full-width, lower-case x and spaces are fine).
    public var document: String?
    public var text: String?
    public var count: Int?
    public var lat: Double?
    public var lon: Double?

    public init(at: Date, kind: SensorRecord.Kind, plate: String? = nil, plateColour: String? = nil, vehicleType: String? = nil,
                direction: String? = nil, confidence: Double? = nil, image: String? = nil, document: String? = nil, text: String? = nil,
                count: Int? = nil, lat: Double? = nil, lon: Double? = nil) {
        self.at = at
        self.kind = kind
        self.plate = plate
        self.plateColour = plateColour
        self.vehicleType = vehicleType
        self.direction = direction
        self.confidence = confidence
        self.image = image
        self.document = document
        self.text = text
        self.count = count
        self.lat = lat
        self.lon = lon
    }
}

/// The bounds a batch is checked against.
public struct SensingLimits: Sendable, Hashable {
    public var maxRecords: Int
    /// A record's picture, inline, at most this many bytes of base64 text.
    public var maxImageBytes: Int
    /// How far ahead of the server's clock a record may be (a device clock running fast).
    public var maxAhead: TimeInterval
    /// How far behind (a checkpoint uploading what it stored while offline).
    public var maxBehind: TimeInterval

    public init(maxRecords: Int = 10_000, maxImageBytes: Int = 256 * 1024, maxAhead: TimeInterval = 300, maxBehind: TimeInterval = 86_400) {
        self.maxRecords = maxRecords
        self.maxImageBytes = maxImageBytes
        self.maxAhead = maxAhead
        self.maxBehind = maxBehind
    }
}

/// A batch refused whole: each bad record with its index and why. Nothing of it was stored.
public struct SensorBatchRejected: Error, Sendable, Hashable {
    public struct Problem: Sendable, Hashable, Codable {
        public var index: Int
        public var code: String
        public var field: String
        public var message: String
    }

    /// The code of the first problem, which the whole reply carries (`malformed_plate`,
    /// `malformed_document`, `image_too_large`, `clock_skew`, `invalid_field`).
    public var code: String { problems.first?.code ?? "invalid_field" }
    public var problems: [Problem]

    public init(_ problems: [Problem]) { self.problems = problems }
}

/// Checks and normalises a batch: plates by `PlateNumber`'s rules (with the sensor's default
/// province), documents by `ResidentID`'s and then hashed with the deployment's key, times
/// within the skew bounds, pictures within the size limit, counts only where counted. Every bad
/// record is reported, not just the first, so a device's integrator fixes them in one round.
public enum SensorIntake {
    public static func normalise(_ inputs: [SensorRecordInput], sensor: Sensor, batchID: String, now: Date, limits: SensingLimits,
                                 hash: (String) -> String) throws(SensorBatchRejected) -> [SensorRecord] {
        var problems: [SensorBatchRejected.Problem] = []
        func fail(_ i: Int, _ code: String, _ field: String, _ message: String) {
            if problems.count < 100 { problems.append(.init(index: i, code: code, field: "records.\(i).\(field)", message: message)) }
        }
        guard !inputs.isEmpty, inputs.count <= limits.maxRecords else {
            throw SensorBatchRejected([.init(index: 0, code: "invalid_field", field: "records",
                                             message: "a batch holds 1 to \(limits.maxRecords) records")])
        }
        let province = sensor.defaultProvince?.first
        var records: [SensorRecord] = []
        records.reserveCapacity(inputs.count)
        for (i, r) in inputs.enumerated() {
            if r.at > now.addingTimeInterval(limits.maxAhead) || r.at < now.addingTimeInterval(-limits.maxBehind) {
                fail(i, "clock_skew", "at", "the record's time is \(Int(r.at.timeIntervalSince(now))) s from the server's; allowed \(-Int(limits.maxBehind)) to +\(Int(limits.maxAhead)) s")
                continue
            }
            // The record is made in the append, after every check: built first and appended, it was
            // copied into the array and the local destroyed (about 1.3 % of the CPU samples of
            // `pingan bench sensing` at 200k reads/s).
            var plate: PlateNumber?, documentHash: String?, documentMasked: String?
            if let raw = r.plate {
                do throws(PlateError) { plate = try PlateNumber.normalise(raw, defaultProvince: province) }
                catch { fail(i, "malformed_plate", "plate", "\(String(raw.prefix(20))): \(error.message)"); continue }
            } else if r.kind == .plate {
                fail(i, "invalid_field", "plate", "a plate read needs its plate"); continue
            }
            if let raw = r.document {
                do throws(DocumentError) {
                    let id = try ResidentID.normalise(raw)
                    documentHash = hash(id.text)
                    documentMasked = id.masked
                } catch { fail(i, "malformed_document", "document", error.message); continue }
            } else if r.kind == .document {
                fail(i, "invalid_field", "document", "an ID check needs the document number"); continue
            }
            if let image = r.image, image.utf8.count > limits.maxImageBytes {
                fail(i, "image_too_large", "image", "the picture is \(image.utf8.count) bytes; at most \(limits.maxImageBytes), or send a reference")
                continue
            }
            if let c = r.confidence, !(0...1).contains(c) { fail(i, "invalid_field", "confidence", "confidence is 0 to 1"); continue }
            if r.kind == .crowd {
                guard let count = r.count, count >= 0, count <= 10_000_000 else { fail(i, "invalid_field", "count", "a crowd count is 0 to 10,000,000"); continue }
            }
            if (r.lat == nil) != (r.lon == nil) || (r.lat.map { !(-90...90).contains($0) } ?? false) || (r.lon.map { !(-180...180).contains($0) } ?? false) {
                fail(i, "invalid_field", "lat", "give lat and lon together, in WGS-84"); continue
            }
            func check(_ field: String, _ value: String?, _ max: Int) {
                guard let value, !printableASCII(value, max: max) else { return }
                if value.count > max || value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                    fail(i, "invalid_field", field, "\(field) is at most \(max) characters, without control characters")
                }
            }
            check("plateColour", r.plateColour, 16)
            check("vehicleType", r.vehicleType, 32)
            check("direction", r.direction, 32)
            check("text", r.text, 500)
            records.append(SensorRecord(sensorID: sensor.id, batchID: batchID, seq: i, at: r.at, kind: r.kind, path: sensor.path, plate: plate,
                                        plateColour: r.plateColour, vehicleType: r.vehicleType, direction: r.direction, confidence: r.confidence,
                                        image: r.image, documentHash: documentHash, documentMasked: documentMasked, text: r.text,
                                        count: r.count, lat: r.lat, lon: r.lon))
        }
        guard problems.isEmpty else { throw SensorBatchRejected(problems) }
        return records
    }

    /// Printable ASCII of at most `max` bytes: within the limits without counting characters or
    /// looking up Unicode categories (a device's "blue", "in", "car"), so only other text takes
    /// the slow path.
    static func printableASCII(_ value: String, max: Int) -> Bool {
        value.utf8.count <= max && value.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }
}
