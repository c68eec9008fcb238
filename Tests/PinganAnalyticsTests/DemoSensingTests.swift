import Foundation
import PinganAnalytics
import PinganCore
import PinganGeo
import Testing

/// The demo city's front-end sensing: which devices it plans, the plates its gates read, and the
/// crowds its cameras count against the demo crowd rule.
@Suite("Demo city sensing")
struct DemoSensingTests {
    static let net = TestNetworks.grid(36, spacing: 120)

    @Test func planPutsGatesAtCheckpointsCamerasAtCameraPostsAndButtonsInDifferentStations() throws {
        var city = try DemoCityGenerator(seed: 3).generate(network: Self.net)
        // The test grid has no fast road, hence no checkpoint: add one, as the Shanghai map has eight.
        let station = try #require(city.jurisdictions.first { $0.level == .station })
        city.posts.append(Post(id: PostID("\(station.id.rawValue)-k1"), stationID: station.id, kind: .checkpoint, name: "卡口 1（模拟）",
                               location: TestNetworks.coordinate(x: 0, y: 0), path: station.path))
        let plan = DemoSensorPlan(city: city, network: Self.net, seed: 1)

        #expect(Set(plan.devices.map(\.name)).count == plan.devices.count, "device names are unique: the simulator knows devices by them")
        #expect(plan.devices.allSatisfy { $0.name.contains("模拟") })
        let gate = try #require(plan.gates.first)
        #expect(plan.gates.count == 1 && gate.postID == PostID("\(station.id.rawValue)-k1") && gate.stationID == station.id)
        #expect(gate.defaultProvince == "沪" && gate.name == "卡口 1 车牌识别（模拟）" && (gate.readsPerMinute ?? 0) > 0)

        let cameraPosts = city.posts.filter { $0.kind == .camera }
        #expect(plan.cameras.count == cameraPosts.count && plan.cameras.count == 60)
        #expect(Set(plan.cameras.compactMap(\.postID)) == Set(cameraPosts.map(\.id)))
        #expect(plan.cameras.allSatisfy { $0.crowdRule == CrowdRule(warnAt: 800, alarmAt: 1200, risePerMinute: 150) })
        // Two night-life junctions cross the warning line at their evening peak; the rest stay
        // clear of it even at the top of their drift (4 % standard deviation).
        let hot = plan.cameras.filter { ($0.eveningPeak ?? 0) >= 800 }
        #expect(hot.count == 2 && hot.allSatisfy(\.surges))
        #expect(plan.cameras.filter { !$0.surges }.allSatisfy { Double($0.eveningPeak ?? 0) * 1.15 < 800 })

        let buttons = plan.alarmButtons
        #expect((3...5).contains(buttons.count))
        #expect(Set(buttons.map(\.stationID)).count == buttons.count, "one school button per station")
        let districts = Set(buttons.compactMap { b in city.jurisdictions.first { $0.id == b.stationID }?.parentID })
        #expect(districts.count >= 2, "buttons spread over the city: \(districts)")
        #expect(buttons.allSatisfy { $0.name.hasSuffix("一键报警（模拟）") && $0.postID == nil && $0.crowdRule == nil })
        let nodes = Set(Self.net.graph.coordinates)
        #expect(buttons.allSatisfy { nodes.contains($0.location) }, "each button stands on a road node")

        // Deterministic: the seeding and the simulator build the same plan.
        #expect(DemoSensorPlan(city: city, network: Self.net, seed: 1).devices == plan.devices)
    }

    @Test func watchlistPlatesAreValidAndSomeFuzzy() throws {
        let plates = try DemoSensorPlan.watchlist.map { try PlateNumber.normalise($0.plate) }
        #expect(plates.map(\.text) == DemoSensorPlan.watchlist.map(\.plate), "listed in canonical form")
        #expect(Set(plates).count == 5)
        #expect(DemoSensorPlan.watchlist.filter(\.fuzzy).count == 3)
        #expect(DemoSensorPlan.watchlistSeverity == .severe)
    }

    @Test func passingPlatesAreValidVariedAndMostlyShanghais() throws {
        var rng = SeededRandom(seed: 7)
        let reads = (0..<3000).map { _ in DemoPlates.passing(&rng) }
        for read in reads { #expect((try? PlateNumber.normalise(read.plate))?.text == read.plate, "\(read.plate)") }
        #expect(Set(reads.map(\.plate)).count > 2900, "varied plates")
        let shanghai = Double(reads.filter { $0.plate.hasPrefix("沪") }.count) / Double(reads.count)
        #expect((0.75...0.85).contains(shanghai), "\(shanghai)")
        #expect(Set(reads.map(\.colour)) == ["blue", "green", "yellow"])
        #expect(reads.filter { $0.colour == "green" }.allSatisfy { $0.plate.count == 8 })
        #expect(Set(reads.map(\.vehicleType)) == ["car", "suv", "van", "truck", "bus"])
        #expect(Set(reads.map { $0.plate.dropFirst().first! }).count >= 10, "issuing letters vary")
        // The watchlist never turns up by chance.
        let listed = Set(DemoSensorPlan.watchlist.map(\.plate))
        #expect(!reads.contains { listed.contains($0.plate) })
    }

    @Test func misreadsHitExactlyAfterNormalisingOrFuzzilyOneEditAway() throws {
        var rng = SeededRandom(seed: 11)
        let listed = DemoSensorPlan.watchlist
        let index = PlateIndex(try listed.enumerated().map { (plate: try PlateNumber.normalise($1.plate), entry: UInt32($0), fuzzy: $1.fuzzy) })
        var matches: [PlateMatch] = []
        var confusable = 0
        for (i, entry) in listed.enumerated() {
            if let confused = DemoPlates.ioConfused(entry.plate, &rng) {
                confusable += 1
                #expect(confused != entry.plate && (confused.contains("I") || confused.contains("O")))
                index.matches(try PlateNumber.normalise(confused), into: &matches)
                #expect(matches == [PlateMatch(entry: UInt32(i), exact: true)], "\(confused) reads back as \(entry.plate)")
            } else {
                #expect(!entry.plate.dropFirst(2).contains { $0 == "1" || $0 == "0" })
            }
            for _ in 0..<50 {
                let off = DemoPlates.oneOff(entry.plate, &rng)
                #expect(off != entry.plate && off.count == entry.plate.count)
                index.matches(try PlateNumber.normalise(off), into: &matches)
                if entry.fuzzy {
                    #expect(matches.contains(PlateMatch(entry: UInt32(i), exact: false)), "\(off) is a fuzzy hit on \(entry.plate)")
                } else {
                    #expect(!matches.contains { $0.entry == UInt32(i) }, "\(off) misses the exact-only \(entry.plate)")
                }
            }
        }
        #expect(confusable >= 3, "most listed plates have a 1 or a 0 to misread")
    }

    @Test func dailyCurvesInterpolateOnTheShanghaiClock() {
        #expect(DailyCurve.people.value(atHour: 20.5) == 1)
        #expect(abs(DailyCurve.people.value(atHour: 18) - 0.825) < 1e-9)
        #expect(DailyCurve.people.value(atHour: 24) == DailyCurve.people.value(atHour: 0))
        #expect(DailyCurve.traffic.value(atHour: -1) == DailyCurve.traffic.value(atHour: 23))
        // 12:00 UTC is 20:00 in Shanghai.
        let evening = Date(timeIntervalSince1970: 12 * 3600)
        #expect(DailyCurve.localHour(evening) == 20)
        #expect(DailyCurve.people.value(at: evening) == DailyCurve.people.value(atHour: 20))
        for curve in [DailyCurve.people, DailyCurve.traffic] {
            #expect(stride(from: 0.0, to: 24, by: 0.25).allSatisfy { (0...1).contains(curve.value(atHour: $0)) })
        }
    }

    /// A day of counts every 30 s through the demo crowd rule: the busiest junction warns once,
    /// in the evening, and never alarms or trips the rise rule without a surge; an ordinary one
    /// never warns; a surge carries the busiest over the alarm line, still under the rise rule.
    @Test func crowdCountsCrossTheWarningLineInTheEveningAtTheBusiestJunctionOnly() {
        let rule = DemoSensorPlan.crowdRule
        // Midnight in Shanghai (16:00 UTC the day before).
        let midnight = Date(timeIntervalSince1970: 20_605 * 86_400 - 8 * 3600)
        func day(_ counter: DemoCrowdCounter, surgeAt: Double? = nil) -> (counts: [Int], raised: [(hour: Double, kind: Alert.Kind)]) {
            var counter = counter
            var level: CrowdLevel?
            var counts: [Int] = [], raised: [(Double, Alert.Kind)] = []
            for step in 0..<2880 {
                let at = midnight.addingTimeInterval(Double(step) * 30)
                let hour = DailyCurve.localHour(at)
                if let surgeAt, abs(hour - surgeAt) < 1e-9 { counter.startSurge(at: at) }
                let count = counter.count(at: at)
                let (next, kinds) = CrowdLevel.next(after: level, count: count, at: at, hour: Int(hour), rule: rule)
                level = next
                counts.append(count)
                raised += kinds.map { (hour, $0) }
            }
            return (counts, raised)
        }
        let busiest = day(DemoCrowdCounter(peak: 1000, surges: false, seed: 5))
        #expect(busiest.raised.map(\.kind) == [.crowdWarning], "\(busiest.raised)")
        #expect(busiest.raised.allSatisfy { (17..<22).contains($0.hour) })
        #expect(busiest.counts.max()! < rule.alarmAt)
        let steps = zip(busiest.counts.dropFirst(), busiest.counts).map { $0 - $1 }
        #expect(steps.max()! < rule.risePerMinute! / 2, "largest rise in 30 s: \(steps.max()!)")

        let ordinary = day(DemoCrowdCounter(peak: 650, surges: false, seed: 5))
        #expect(ordinary.raised.isEmpty && ordinary.counts.max()! < rule.warnAt)

        let surged = day(DemoCrowdCounter(peak: 1000, surges: false, seed: 5), surgeAt: 20)
        #expect(surged.raised.map(\.kind) == [.crowdWarning, .crowdAlarm], "\(surged.raised)")
        #expect(surged.raised.last.map { (20..<20.5).contains($0.hour) } == true)
        #expect(zip(surged.counts.dropFirst(), surged.counts).allSatisfy { $0 - $1 < rule.risePerMinute! / 2 })
        #expect(DemoCrowdCounter.surge(after: 600) == DemoCrowdCounter.surgeSize && DemoCrowdCounter.surge(after: 1800) == 0)
    }
}
