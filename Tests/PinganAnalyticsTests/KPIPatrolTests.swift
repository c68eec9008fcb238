import Foundation
import PinganAnalytics
import PinganCore
import PinganGeo
import Testing

/// Patrol distance and time in zone from a stored track, and the generated history the
/// benchmark runs on.
@Suite("KPI patrol figures and the generated history")
struct KPIPatrolTests {
    @Test func distanceAndTimeInZoneSkipGaps() {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        // A zone from 31.230 to 31.240 N, 121.470 to 121.480 E.
        let zone = Polygon([Coordinate(lat: 31.23, lon: 121.47), Coordinate(lat: 31.23, lon: 121.48), Coordinate(lat: 31.24, lon: 121.48),
                            Coordinate(lat: 31.24, lon: 121.47)])
        func fix(_ s: Double, _ lat: Double) -> PatrolFix { PatrolFix(at: t0 + s, coordinate: Coordinate(lat: lat, lon: 121.475)) }
        // Northward along 121.475 E, 0.001° of latitude (111.19 m on the mean sphere) a minute:
        //   0 s 31.235 in → 60 s 31.236 in → 120 s 31.237 in: two intervals inside, 120 s, 222.4 m;
        //   then silence until 720 s (a 600 s gap, over the 300 s limit: not counted);
        //   720 s 31.2395 in → 780 s 31.2405 out: one end inside, half of 60 s; 111.2 m;
        //   → 840 s 31.2415 out: 60 s outside; 111.2 m.
        let fixes = [fix(0, 31.235), fix(60, 31.236), fix(120, 31.237), fix(720, 31.2395), fix(780, 31.2405), fix(840, 31.2415)]
        let p = PatrolTrack.measure(fixes.shuffled(), zones: [zone])
        let step = Geodesy.haversine(Coordinate(lat: 31.235, lon: 121.475), Coordinate(lat: 31.236, lon: 121.475))
        #expect(abs(step - 111.19) < 0.01)
        #expect(abs(p.distanceKm - 4 * step / 1000) < 1e-9)
        // In the zone: 60 + 60 + 30 = 150 s; tracked: 60 + 60 + 60 + 60 = 240 s.
        #expect(abs(p.hoursInZone - 150.0 / 3600) < 1e-12 && abs(p.hoursTracked - 240.0 / 3600) < 1e-12)
        #expect(p.fixes == 6 && p.gapsSkipped == 1 && p.maxGapSeconds == 300)
        // No zone: nothing inside; one fix: nothing at all.
        #expect(PatrolTrack.measure(fixes, zones: []).hoursInZone == 0)
        #expect(PatrolTrack.measure([fixes[0]], zones: [zone]) == PatrolFigures(distanceKm: 0, hoursInZone: 0, hoursTracked: 0, fixes: 1,
                                                                                     gapsSkipped: 0, maxGapSeconds: 300))
    }

    @Test func theGeneratedHistoryIsSeededAndShapedAsStated() throws {
        var generator = KPIHistoryGenerator(end: try ReportDay("2026-12-01").end)
        generator.incidents = 20_000
        generator.districts = 3
        generator.stationsPerDistrict = 4
        let city = generator.city()
        #expect(city.stations.count == 12 && city.jurisdictions.count == 15 && city.unitPaths.count == 72)
        let a = generator.facts(for: city), b = generator.facts(for: city)
        #expect(a.count == 20_000)
        let period = try KPIPeriod.parse(from: "2025-12-02", to: "2026-12-01")
        let fa = a.figures(in: period, scope: city.city.path, asOf: generator.end)
        #expect(fa == b.figures(in: period, scope: city.city.path, asOf: generator.end), "same seed, same history")
        // The stated mix, within sampling error: about 8% P1, 2% merged, 4% referred.
        let n = Double(fa.incidents)
        #expect(abs(Double(fa.byPriority["1"] ?? 0) / n - 0.08) < 0.01)
        #expect(abs(Double(fa.merged) / n - 0.02) < 0.005)
        #expect(abs(Double(fa.referred) / n - 0.04) < 0.008)
        #expect((fa.metRate ?? 0) > 0.7 && (fa.metRate ?? 1) < 1)
        #expect((fa.overdueFeedbackRate ?? 0) > 0 && (fa.overdueFeedbackRate ?? 1) < 0.2)
        // The first district's stations follow its own targets.
        let targets = ResponseTargetsTable(jurisdictions: [city.city] + city.jurisdictions)
        #expect(targets.targets(at: city.stations[0].path).setBy == "d01" && targets.targets(at: city.stations[11].path).setBy == "standard")
    }
}
