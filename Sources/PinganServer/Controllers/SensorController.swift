import Foundation
import Hummingbird
import PinganApp
import PinganCore
import PinganGeo
import PinganStore

/// Front-end sensors (前端感知): the registry, each device's own record batches and heartbeats.
struct SensorController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    static let crowdRule = Schema.record(["warnAt": .integer(min: 1, max: 10_000_000), "alarmAt": .integer(min: 1, max: 10_000_000),
                                          "risePerMinute": .integer(min: 1, max: 10_000_000), "fromHour": .integer(min: 0, max: 23),
                                          "toHour": .integer(min: 0, max: 23)], optional: ["risePerMinute", "fromHour", "toHour"])
    static let province = Schema.string(Schema.StringRules(minLength: 1, maxLength: 1, pattern: "^[\(SensingDecider.provinces)]$"))

    struct CreateRequest: RequestBody {
        var name: String
        var kind: Sensor.Kind
        var jurisdictionID: JurisdictionID
        var location: Coordinate
        var postID: PostID?
        var defaultProvince: String?
        var crowdRule: CrowdRule?
        static let schema = Schema.record(["name": .text(max: 100), "kind": .oneOf(Sensor.Kind.self), "jurisdictionID": .id, "location": .coordinate,
                                           "postID": .id, "defaultProvince": province, "crowdRule": SensorController.crowdRule],
                                          optional: ["postID", "defaultProvince", "crowdRule"])
    }

    struct EditRequest: RequestBody {
        var version: Int
        var name: String?
        var location: Coordinate?
        var defaultProvince: String?
        var crowdRule: CrowdRule?
        var clearCrowdRule: Bool?
        var active: Bool?
        static let schema = Schema.record(["version": .version, "name": .text(max: 100), "location": .coordinate, "defaultProvince": province,
                                           "crowdRule": SensorController.crowdRule, "clearCrowdRule": .boolean, "active": .boolean],
                                          optional: ["name", "location", "defaultProvince", "crowdRule", "clearCrowdRule", "active"])
        var edit: SensingDecider.SensorEdit {
            .init(version: version, name: name, location: location, defaultProvince: defaultProvince, crowdRule: crowdRule,
                  clearCrowdRule: clearCrowdRule, active: active)
        }
    }

    static let record = Schema.record([
        "at": .dateTime, "kind": .oneOf(SensorRecord.Kind.self), "plate": .text(max: 20), "plateColour": .text(max: 16),
        "vehicleType": .text(max: 32), "direction": .text(max: 32), "confidence": .number(min: 0, max: 1), "image": .string(.init()),
        "document": .text(max: 40), "text": .text(max: 500), "count": .integer(min: 0, max: 10_000_000),
        "lat": .number(min: -90, max: 90), "lon": .number(min: -180, max: 180),
    ], optional: ["plate", "plateColour", "vehicleType", "direction", "confidence", "image", "document", "text", "count", "lat", "lon"])

    struct RecordsRequest: RequestBody {
        var batchID: String
        var records: [SensorRecordInput]
        static let schema = Schema.record(["batchID": .text(max: 100), "records": .array(SensorController.record, min: 1, max: 10_000)])
    }

    struct HeartbeatRequest: RequestBody {
        var location: Coordinate?
        static let schema = Schema.record(["location": .coordinate], optional: ["location"])
    }

    /// A sensor as the map draws it: its latest crowd count when it counts.
    struct View: Encodable {
        var sensor: PublicSensor
        var count: Int?
        var countedAt: Date?
        var lastSeenAt: Date

        func encode(to encoder: any Encoder) throws {
            try sensor.encode(to: encoder)
            enum K: String, CodingKey { case count, countedAt, lastSeenAt }
            var c = encoder.container(keyedBy: K.self)
            try c.encodeIfPresent(count, forKey: .count)
            try c.encodeIfPresent(countedAt, forKey: .countedAt)
            try c.encode(lastSeenAt, forKey: .lastSeenAt)
        }
    }

    struct Listing: Encodable { var items: [View] }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("sensors", use: list)
        group.post("sensors", use: create)
        group.get("sensors/{id}", use: show)
        group.patch("sensors/{id}", use: update)
        group.post("sensors/{id}/token", use: reissue)
        group.post("sensors/{id}/records", use: records)
        group.post("sensors/{id}/heartbeat", use: heartbeat)
    }

    func view(_ s: Sensor, counts: [SensorID: CrowdLevel]) -> View {
        let c = counts[s.id]
        return View(sensor: s.publicView, count: c?.count, countedAt: c?.at, lastSeenAt: deps.app.sensors.activity.lastSeen(s.id))
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readAlerts)
        let counts = deps.app.sensors.activity.counts()
        return try JSONReply(.ok, Listing(items: try await deps.store.sensors(scope: user.scope).map { view($0, counts: counts) })).response
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readAlerts)
        let id = SensorID(try context.id())
        guard let s = try await deps.store.sensor(id, scope: user.scope) else { throw DomainError.notFound("sensor", id.rawValue) }
        return try JSONReply(.ok, view(s, counts: deps.app.sensors.activity.counts())).response
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.manageSensors)
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(CreateRequest.self, from: bytes)
        let token = SensorController.newToken()
        // No Idempotency-Key: the reply holds the device's secret, which is never stored.
        let registered = try await deps.app.sensors.create(.init(name: input.name, kind: input.kind, jurisdictionID: input.jurisdictionID, location: input.location,
                                                                 postID: input.postID, defaultProvince: input.defaultProvince, crowdRule: input.crowdRule),
                                                           token: token, tokenHash: Tokens.hash(token), by: user).get()
        return try JSONReply(.created, registered).response
    }

    /// A retired sensor's token stops at once on this instance (the sign-in cache forgets it).
    @Sendable func update(_ request: Request, context: Context) async throws -> Response {
        let response = try await deps.update(request, context: context, permission: .manageSensors, as: EditRequest.self) {
            try await deps.app.sensors.update(SensorID($0), $1.edit, by: $2, idempotency: $3)
        }
        deps.sessions.forget(userID: SensorCommands.userID(of: SensorID(try context.id())))
        return response
    }

    @Sendable func reissue(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.manageSensors)
        let id = SensorID(try context.id())
        let bytes = try await deps.body.bytes(request)
        if bytes.readableBytes > 0 { _ = try deps.body.decode(AlertController.Empty.self, from: bytes) }
        let token = SensorController.newToken()
        let registered = try await deps.app.sensors.reissueToken(id, token: token, tokenHash: Tokens.hash(token), by: user).get()
        deps.sessions.forget(userID: SensorCommands.userID(of: id))   // the old token stops at once here
        return try JSONReply(.ok, registered).response
    }

    /// A batch of records. Idempotent by `batchID` whether or not the device sends an
    /// `Idempotency-Key`: the same batch again gets its first reply; another body under a used
    /// batch ID is refused (409 idempotency_key_reused).
    @Sendable func records(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.postSensorRecords)
        let id = SensorID(try context.id())
        let bytes = try await deps.body.bytes(request)
        // A gate's batch of up to 10,000 reads: read in one pass (`RecordBatchParser`), with
        // `RecordsRequest`'s contract and the general reader's answer to anything else.
        let input: RecordBatchParser.Batch
        do { input = try RecordBatchParser.parse(bytes) }
        catch { deps.metrics.sensorBatch(rejected: 1); throw error }
        let key = "sensor:\(id.rawValue):batch:\(input.batchID)"
        let idempotency = Idempotency<SensorCommands.BatchResult>(key: key, requestHash: bytes.withUnsafeReadableBytes { Tokens.sha256Hex($0) }) { output in
            let reply = try JSONReply(.ok, output)
            return StoredReply(status: reply.status.code, body: String(decoding: reply.body, as: UTF8.self))
        }
        do {
            switch try await deps.app.sensors.post(input.records, batchID: input.batchID, sensor: id, by: user, idempotency: idempotency) {
            case .done(let result, _):
                // This run's own answer (with the incidents its alarm presses filed); a retry gets
                // the stored one.
                deps.metrics.sensorBatch(records: result.accepted, duplicates: result.duplicates, alerts: result.alerts.count)
                return try JSONReply(.ok, result).response
            case .replayed(let record):
                deps.metrics.sensorBatch(duplicates: input.records.count)
                return try IdempotencyKey.response(record, replayed: true)
            }
        } catch {
            deps.metrics.sensorBatch(rejected: 1)
            throw error
        }
    }

    @Sendable func heartbeat(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.postSensorRecords)
        let id = SensorID(try context.id())
        let bytes = try await deps.body.bytes(request)
        let input = bytes.readableBytes == 0 ? HeartbeatRequest(location: nil) : try deps.body.decode(HeartbeatRequest.self, from: bytes)
        let s = try await deps.app.sensors.heartbeat(id, location: input.location, by: user)
        return try JSONReply(.ok, s).response
    }

    /// A device token: recognisable as a sensor's by its prefix, so sign-in looks it up among
    /// sensors rather than sessions.
    static func newToken() -> String { SensorController.prefix + Tokens.generate() }
    static let prefix = "pgs_"
}
