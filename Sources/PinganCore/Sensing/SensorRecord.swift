import Foundation

/// One observation a sensor reported, as stored: plates and documents already normalised, a
/// document number only as its keyed hash and its masked form. Records are not events — a gate
/// reads thousands of plates an hour — they live in their own table, written in batches, and are
/// purged after the retention period by an audited job; what they cause (a hit, an alert) is an
/// event.
public struct SensorRecord: Codable, Sendable, Hashable {
    /// The seeds' five things a checkpoint checks (人、车、物、证、码), plus what cameras, drones
    /// and alarm buttons send.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// A plate read by a gate or checkpoint camera.
        case plate
        /// An identity document checked at a checkpoint.
        case document
        /// A person observed (by description or name).
        case person
        /// A vehicle observed without a readable plate.
        case vehicle
        /// An item found or seen.
        case item
        /// A scanned code (health code, QR pass, parcel code).
        case code
        /// A people count from a camera or drone.
        case crowd
        /// A one-click alarm button press.
        case alarm
    }

    public var sensorID: SensorID
    /// The device's batch: a batch posted twice is stored once.
    public var batchID: String
    /// Position in the batch.
    public var seq: Int
    /// The device's instant of the observation, to the millisecond.
    public var at: Date
    public var kind: Kind
    /// The sensor's jurisdiction path, so record reads are scoped like every other read.
    public var path: String
    public var plate: PlateNumber?
    public var plateColour: String?
    public var vehicleType: String?
    public var direction: String?
    /// The reader's confidence, 0...1.
    public var confidence: Double?
    /// Where the device keeps the picture (a URL or key), or the picture itself as base64 when
    /// small enough (`SensingLimits.maxImageBytes`).
    public var image: String?
    /// HMAC-SHA-256 of the normalised document number under the deployment's key: equal numbers
    /// match, and a stolen database does not give the numbers back.
    public var documentHash: String?
    /// The number as people may see it (`1101**********123X`).
    public var documentMasked: String?
    /// A person's name, an item's or code's text, what was observed.
    public var text: String?
    /// People counted.
    public var count: Int?
    /// Where the observation was made, when the sensor moves (a drone).
    public var lat: Double?
    public var lon: Double?

    public init(sensorID: SensorID, batchID: String, seq: Int, at: Date, kind: Kind, path: String, plate: PlateNumber? = nil,
                plateColour: String? = nil, vehicleType: String? = nil, direction: String? = nil, confidence: Double? = nil,
                image: String? = nil, documentHash: String? = nil, documentMasked: String? = nil, text: String? = nil,
                count: Int? = nil, lat: Double? = nil, lon: Double? = nil) {
        self.sensorID = sensorID
        self.batchID = batchID
        self.seq = seq
        self.at = Date(auditMilliseconds: at.auditMilliseconds)
        self.kind = kind
        self.path = path
        self.plate = plate
        self.plateColour = plateColour
        self.vehicleType = vehicleType
        self.direction = direction
        self.confidence = confidence
        self.image = image
        self.documentHash = documentHash
        self.documentMasked = documentMasked
        self.text = text
        self.count = count
        self.lat = lat
        self.lon = lon
    }
}
