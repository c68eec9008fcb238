import Foundation
import Hummingbird
import PinganApp
import PinganCore

/// AVL positions from units' phones, car terminals and TAK devices (issue 4).
struct PositionController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    /// The documented shape of a fix; `FixBatchParser` reads it (the general body reader is too
    /// slow for this route) and the OpenAPI document describes it from here.
    enum FixInput {
        static let schema = Schema.record([
            "unitID": .id, "time": .dateTime, "lat": .number(min: -90, max: 90), "lon": .number(min: -180, max: 180),
            "speed": .number(min: 0, max: 199.9), "heading": .number(min: 0, max: 360), "accuracy": .number(min: 0),
        ], optional: ["speed", "heading", "accuracy"])
    }

    enum ReportRequest {
        static let schema = Schema.record(["fixes": .array(FixInput.schema, min: 1, max: PositionTracking.batchLimit)])
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("positions", use: report)
        group.post("positions/cot", use: reportCoT)
    }

    /// A batch of fixes, applied in order. The whole batch is checked before any fix is applied,
    /// so a malformed one refuses the batch and nothing is stored; plausibility (time, order,
    /// jumps) is the tracker's business and is counted per fix instead.
    @Sendable func report(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.reportPositions)
        let positions = try deps.requirePositions()
        let bytes = try await deps.body.bytes(request)
        let fixes = try Self.validate(try FixBatchParser.parse(bytes))
        let metrics = deps.metrics
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.ok, $0) }) {
            let outcome = try await positions.report(fixes, by: user, idempotency: $0)
            if let result = outcome.output { metrics.positions(result) }
            return outcome
        }
    }

    /// Cursor-on-Target events (one `<event>` or several under any root), mapped to units by
    /// `uid` = the unit's callsign or ID.
    @Sendable func reportCoT(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.reportPositions)
        let positions = try deps.requirePositions()
        let bytes = try await deps.body.bytes(request, as: .xml)
        let events = try CursorOnTarget.parse(Data(bytes.readableBytesView))
        var unknown = 0
        var fixes: [PositionFix] = []
        for e in events {
            guard let unit = try await positions.tracking.unitID(forDeviceUID: e.uid, scope: user.scope) else { unknown += 1; continue }
            fixes.append(PositionFix(unit: unit, time: e.time, lat: e.lat, lon: e.lon, speed: e.speed, heading: e.course,
                                     accuracy: e.accuracy))
        }
        var result = PositionBatchResult()
        if !fixes.isEmpty, let reported = try await positions.report(try Self.validate(fixes), by: user).output {
            deps.metrics.positions(reported)
            result = reported
        }
        result.received += unknown
        result.unknownUnit += unknown
        return try JSONReply(.ok, result).response
    }

    /// Refuses the batch on its first impossible value, naming the field.
    static func validate(_ fixes: [PositionFix]) throws -> [PositionFix] {
        guard !fixes.isEmpty else { throw DomainError.invalid("fixes", "send at least one fix") }
        guard fixes.count <= PositionTracking.batchLimit else {
            throw Problem(.contentTooLarge, code: "too_many_fixes", detail: "send at most \(PositionTracking.batchLimit) fixes per batch",
                          field: "fixes")
        }
        for (i, f) in fixes.enumerated() {
            let at = "fixes.\(i)"
            guard UnitID.isWellFormed(f.unit.rawValue) else { throw DomainError.invalid("\(at).unitID", "unitID must be an ID: 1-200 characters without / or control characters") }
            guard f.lat.isFinite, (-90...90).contains(f.lat) else { throw DomainError.invalid("\(at).lat", "lat must be between -90 and 90") }
            guard f.lon.isFinite, (-180...180).contains(f.lon) else { throw DomainError.invalid("\(at).lon", "lon must be between -180 and 180") }
            if let v = f.speed, !(v.isFinite && v >= 0 && v < 200) { throw DomainError.invalid("\(at).speed", "speed must be 0-200 m/s") }
            if let v = f.heading, !(v.isFinite && v >= 0 && v <= 360) { throw DomainError.invalid("\(at).heading", "heading must be 0-360 degrees") }
            if let v = f.accuracy, !(v.isFinite && v >= 0) { throw DomainError.invalid("\(at).accuracy", "accuracy must be a distance ≥ 0 m") }
        }
        return fixes
    }
}
