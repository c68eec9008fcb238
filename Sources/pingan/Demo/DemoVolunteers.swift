import Foundation
import Logging
import PinganAnalytics
import PinganCore
import PinganGeo

/// The demo city's volunteers on patrol (群防群治): each walks at a stroll around their team's
/// zones (or their station, for a team without any), shares a position every 20 s from their
/// own session, and now and then reports something seen — rarely urgent — all through the API
/// their phone's page uses. A shift that ran its twelve hours is started again. The stations'
/// side stays with people, except that reports nobody decided within 20 minutes are kept as
/// tips by the simulator, so the waiting list stays short.
struct DemoVolunteers {
    struct Walker: Sendable {
        var username: String
        var token: String
        var home: Coordinate
        /// The team's zone rings; empty to stroll near the station.
        var zones: [[Coordinate]]
        var position: Coordinate? = nil
        var heading = 0.0
        var shiftID: String? = nil
        var nextMove = Date.distantPast
        var nextReport = Date.distantPast

        init(username: String, token: String, home: Coordinate, zones: [[Coordinate]]) {
            self.username = username
            self.token = token
            self.home = home
            self.zones = zones
        }
    }

    static let moveEvery: TimeInterval = 20
    static let walkSpeed = 1.3   // metres per second
    static let meanReportGap: TimeInterval = 45 * 60
    static let sightings = [
        "车棚附近有人反复查看电动车（模拟）", "小区后门未锁，门禁损坏（模拟）", "路口两人争吵，情绪激动（模拟）", "老人独自在公园长椅上，神情迷茫（模拟）",
        "商铺门口有可疑包裹（模拟）", "路灯不亮，夜间较暗（模拟）", "有人在楼道散发小广告（模拟）", "河边护栏松动（模拟）",
    ]

    var walkers: [Walker]
    let base: URL
    let simulator: APIClient
    var rng: SeededRandom
    var lastReview = Date.distantPast

    init(walkers: [Walker], base: URL, simulator: APIClient, seed: UInt64) {
        self.walkers = walkers
        self.base = base
        self.simulator = simulator
        rng = SeededRandom(seed: seed ^ 0x501D)
    }

    mutating func tick(now: Date, logger: Logger) async {
        for i in walkers.indices where walkers[i].nextMove <= now {
            var w = walkers[i]
            await step(&w, now: now, logger: logger)
            walkers[i] = w
        }
        if now.timeIntervalSince(lastReview) >= 60 {
            lastReview = now
            await keepOldReports(now: now, logger: logger)
        }
    }

    mutating func step(_ w: inout Walker, now: Date, logger: Logger) async {
        // Spread the walkers over the 20 s so their posts do not come in one burst.
        w.nextMove = now.addingTimeInterval(Self.moveEvery + rng.uniform() * 2)
        let client = APIClient(base: base, token: w.token)
        do {
            if w.shiftID == nil {
                let mine = try JSONSerialization.jsonObject(with: try await client.send("GET", "v1/volunteer-shifts/mine")) as? [String: Any]
                if let shift = mine?["shift"] as? [String: Any] { w.shiftID = shift["id"] as? String }
                else {
                    let started = try JSONSerialization.jsonObject(with: try await client.send("POST", "v1/volunteer-shifts", json: [String: Any]())) as? [String: Any]
                    w.shiftID = started?["id"] as? String
                }
                w.nextReport = now.addingTimeInterval(rng.exponential(mean: Self.meanReportGap))
            }
            guard let shift = w.shiftID else { return }
            walk(&w)
            let at = w.position!
            try await client.send("POST", "v1/volunteer-shifts/\(shift)/position", json: ["location": ["lat": at.lat, "lon": at.lon]])
            if now >= w.nextReport {
                w.nextReport = now.addingTimeInterval(rng.exponential(mean: Self.meanReportGap))
                let text = Self.sightings[rng.index(Self.sightings.count)]
                try await client.send("POST", "v1/volunteer-shifts/\(shift)/reports", json: ["text": text, "urgent": rng.uniform() < 0.1])
            }
        } catch let failure as APIClient.Failure where failure.status == 409 || failure.status == 404 {
            w.shiftID = nil   // the shift ran its length (or was ended elsewhere): start another next time
        } catch {
            logger.warning("demo volunteer step failed", metadata: ["volunteer": "\(w.username)", "error": "\(error)"])
        }
    }

    /// A stroll: a little turn each step, back towards the zones (or the station) once outside
    /// them or more than 800 m from the station.
    mutating func walk(_ w: inout Walker) {
        let rings = w.zones.filter { $0.count >= 3 }
        let centre: Coordinate = rings.first.map { ring in
            Coordinate(lat: ring.map(\.lat).reduce(0, +) / Double(ring.count), lon: ring.map(\.lon).reduce(0, +) / Double(ring.count))
        } ?? w.home
        guard var p = w.position else {
            w.position = Coordinate(lat: centre.lat + (rng.uniform() - 0.5) * 0.002, lon: centre.lon + (rng.uniform() - 0.5) * 0.002)
            w.heading = rng.uniform() * 360
            return
        }
        let inside = rings.isEmpty ? Geodesy.haversine(p, w.home) < 800 : rings.contains { Polygon($0).contains(p) }
        if inside {
            w.heading += (rng.uniform() - 0.5) * 80
        } else {
            w.heading = atan2((centre.lon - p.lon) * cos(p.lat * .pi / 180), centre.lat - p.lat) * 180 / .pi
        }
        let metres = Self.walkSpeed * Self.moveEvery
        let rad = w.heading * .pi / 180
        p.lat += metres * cos(rad) / 111_320
        p.lon += metres * sin(rad) / (111_320 * cos(p.lat * .pi / 180))
        w.position = p
    }

    /// An instant as the API writes it (ISO 8601, with or without fractions of a second).
    static func instant(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: text) { return d }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: text)
    }

    /// Keeps as tips the reports no one decided within 20 minutes.
    func keepOldReports(now: Date, logger: Logger) async {
        do {
            let data = try await simulator.send("GET", "v1/volunteer-shifts?which=pending&limit=200")
            let items = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["items"] as? [[String: Any]] ?? []
            for shift in items {
                guard let id = shift["id"] as? String else { continue }
                for report in shift["reports"] as? [[String: Any]] ?? [] where report["status"] as? String == "pending" {
                    guard let at = (report["at"] as? String).flatMap(Self.instant), now.timeIntervalSince(at) > 20 * 60,
                          let number = report["number"] as? Int else { continue }
                    try await simulator.send("POST", "v1/volunteer-shifts/\(id)/review", json: ["report": number, "outcome": "kept"])
                }
            }
        } catch {
            logger.warning("demo volunteer reports not reviewed", metadata: ["error": "\(error)"])
        }
    }
}
