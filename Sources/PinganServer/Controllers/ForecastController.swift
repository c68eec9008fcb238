import Foundation
import Hummingbird
import PinganAnalytics
import PinganCore
import PinganGeo
import PinganStore

/// Today's hotspot forecast (预测预警) for the console's map layer and the patrol plans: the grid
/// cells most likely to see calls today in the caller's scope, scored from the calls of the last
/// `trainDays` days by the method `pingan forecast backtest` measures (SEPP unless asked
/// otherwise). A forecast is fitted once per scope, method, grid and day and then served from
/// memory for ten minutes, so a console that reloads the layer costs nothing.
struct ForecastController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    struct Properties: Encodable {
        var rank: Int
        var cell: Int
        var score: Double
    }

    struct Feature: Encodable {
        var type = "Feature"
        var geometry: Polygon
        var properties: Properties
    }

    struct Polygon: Encodable {
        var type = "Polygon"
        var coordinates: [[[Double]]]
    }

    struct Reply: Encodable {
        var type = "FeatureCollection"
        /// `YYYY-MM-DD`, China Standard Time.
        var day: String
        var method: String
        var cellMetres: Double
        var trainDays: Int
        /// Calls in the training window the forecast learnt from.
        var eventsUsed: Int
        var features: [Feature]
    }

    static let methodSchema = Schema.strings(ForecastMethod.allCases.map(\.rawValue))
    static let topRange = 1...500
    static let cellRange = 50.0...2_000.0
    static let trainRange = 7...365
    /// Calls one forecast may learn from; a wider scope is refused rather than read half.
    static let maxEvents = 500_000
    /// One per application, so two servers in one process (the tests) never share answers.
    private let cache = ForecastCache()

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("forecast/hotspots", use: hotspots)
    }

    /// `?method=&top=&cell=&trainDays=` (all optional: sepp, 50 cells, 150 m, 90 days).
    @Sendable func hotspots(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readIncidents)
        let params = request.uri.queryParameters
        let method = try params["method"].map { raw -> ForecastMethod in
            guard let m = ForecastMethod(rawValue: String(raw)) else {
                throw Problem.invalidField("method", "method is one of \(ForecastMethod.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return m
        } ?? .sepp
        let top = try Self.integer(params["top"], "top", in: Self.topRange) ?? 50
        let trainDays = try Self.integer(params["trainDays"], "trainDays", in: Self.trainRange) ?? 90
        let cell = try params["cell"].map { raw -> Double in
            guard let v = Double(String(raw)), Self.cellRange.contains(v) else {
                throw Problem.invalidField("cell", "cell is the grid cell side in metres, \(Int(Self.cellRange.lowerBound))-\(Int(Self.cellRange.upperBound))")
            }
            return v
        } ?? 150
        let now = deps.time.now()
        let day = ForecastDay(containing: Self.chinaSeconds(now))
        let key = "\(user.scope.path)|\(method.rawValue)|\(top)|\(cell)|\(trainDays)|\(day.rawValue)"
        if let hit = cache.get(key, now: now) { return hit.response }

        let calls = try await RecentCalls.read(deps, scope: user.scope, since: now - Double(trainDays + 1) * 86_400, limit: Self.maxEvents)
        if calls.count > Self.maxEvents {
            throw Problem.invalidField("trainDays", "more than \(Self.maxEvents) calls in the window; ask for fewer days")
        }
        let events = calls.map { ForecastEvent(time: Self.chinaSeconds($0.time), coordinate: $0.location) }
        let cells: [HotspotForecast.Cell]
        do {
            cells = try HotspotForecast.today(events: events, day: day, method: method, cellMetres: cell, trainDays: trainDays, top: top)
        } catch let error where error.kind == .noEvents || error.kind == .emptyTrainingWindow {
            cells = []   // a new city: nothing to learn from yet, an empty layer rather than an error
        } catch {
            throw Problem.invalidField("cell", error.message)
        }
        let features = cells.enumerated().map { k, c in
            let b = c.bounds
            let ring = [[b.minLon, b.minLat], [b.maxLon, b.minLat], [b.maxLon, b.maxLat], [b.minLon, b.maxLat], [b.minLon, b.minLat]]
            return Feature(geometry: Polygon(coordinates: [ring]), properties: Properties(rank: k + 1, cell: c.cell, score: c.score))
        }
        let reply = Reply(day: day.description, method: method.rawValue, cellMetres: cell, trainDays: trainDays, eventsUsed: events.count, features: features)
        let json = try JSONReply(.ok, reply)
        cache.put(key, json, now: now)
        return json.response
    }

    /// Seconds since 1970 on the China Standard Time clock (UTC+8), the forecasts' "local time".
    static func chinaSeconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) + 8 * 3_600 }

    static func integer(_ raw: Substring?, _ field: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let raw else { return nil }
        guard let v = Int(raw), range.contains(v) else { throw Problem.invalidField(field, "\(field) is an integer \(range.lowerBound)-\(range.upperBound)") }
        return v
    }
}

/// The forecasts answered in the last ten minutes, by scope and parameters.
private final class ForecastCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: (at: Date, reply: JSONReply)] = [:]
    static let lifetime: TimeInterval = 600

    func get(_ key: String, now: Date) -> JSONReply? {
        lock.withLock {
            guard let e = entries[key], now.timeIntervalSince(e.at) < Self.lifetime else { return nil }
            return e.reply
        }
    }

    func put(_ key: String, _ reply: JSONReply, now: Date) {
        lock.withLock {
            entries = entries.filter { now.timeIntervalSince($0.value.at) < Self.lifetime }
            if entries.count < 256 { entries[key] = (now, reply) }
        }
    }
}
