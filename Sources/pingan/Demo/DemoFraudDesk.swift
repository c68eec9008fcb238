import Foundation
import Logging
import PinganAnalytics
import PinganCore
import PinganGeo

/// The demo city's anti-fraud centre (反诈中心): once each day (China Standard Time) it sends the
/// day's warning list through `POST /v1/fraud-warnings/import`, as a real centre's desk would —
/// a few simulated people near each station, each with the fraud suspected, the yuan at risk and
/// a deadline eight hours on, routed by their location. Following them up is the stations' work
/// (the console's 反诈预警 page); those left undone fall overdue and supervision chases them. A
/// restart the same day sends the same references, which the server lists as duplicates.
struct DemoFraudDesk {
    static let perStation = 3
    static let reasons = ["刷单返利", "虚假投资理财", "冒充公检法", "冒充电商物流客服", "虚假网络贷款", "冒充领导熟人"]

    let stations: [Jurisdiction]
    var rng: SeededRandom
    var lastDay = ""

    init(city: DemoCity, seed: UInt64) {
        stations = city.jurisdictions.filter { $0.level == .station && $0.location != nil }
        rng = SeededRandom(seed: seed ^ 0xF2A0D)
    }

    /// Sends today's list if it has not been sent yet.
    mutating func tick(now: Date, client: APIClient, places: PlaceIndex, logger: Logger) async {
        let day = ReportDay(containing: now)
        guard day.description != lastDay, !stations.isEmpty else { return }
        lastDay = day.description
        let deadline = CAPDateTime.format(now.addingTimeInterval(8 * 3600), utcOffsetMinutes: 8 * 60)
        let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高")
        var sent = 0
        // One list per station, naming it for any row its location does not place.
        for (s, station) in stations.enumerated() {
            var csv = "reference,victimName,phone,address,lat,lon,reason,amountAtRisk,deadline\n"
            for i in 0..<Self.perStation {
                let at = Coordinate(lat: station.location!.lat + (rng.uniform() - 0.5) * 0.01, lon: station.location!.lon + (rng.uniform() - 0.5) * 0.01)
                let name = "\(surnames[Int(rng.uniform() * Double(surnames.count))])某（模拟）"
                let phone = String(format: "1390%07d", Int(rng.uniform() * 10_000_000))
                let reason = Self.reasons[Int(rng.uniform() * Double(Self.reasons.count))]
                let amount = 1_000 * (1 + Int(rng.uniform() * 200))
                let address = "\"" + DemoWorld.callAddress(at, places: places).replacingOccurrences(of: "\"", with: "\"\"") + "\""
                csv += "SIM-FZ-\(day.compact)-\(s)-\(i),\(name),\(phone),\(address),\(at.lat),\(at.lon),\(reason),\(amount),\(deadline)\n"
            }
            do {
                _ = try await client.send("POST", "v1/fraud-warnings/import", json: ["csv": csv, "stationID": station.id.rawValue])
                sent += Self.perStation
            } catch {
                logger.warning("demo anti-fraud list refused", metadata: ["station": "\(station.code)", "error": "\(error)"])
            }
        }
        logger.info("demo anti-fraud lists sent", metadata: ["day": "\(day)", "warnings": "\(sent)"])
    }
}
