import ArgumentParser
import Foundation
import PinganAnalytics
import PinganApp
import PinganCore
import PinganServer
import PinganStore

/// `pingan bench report`: how long writing the city's daily report (三情研判) takes over a history
/// of a million incidents (issue 19: ≤ 2 s), on a generated city (`KPIHistoryGenerator`:
/// ~100 stations in ~10 districts, 13 months of calls; synthetic, and labelled so).
///
/// How the history is held, as the server holds it: the incidents are rows of a real store (a
/// fresh SQLite file, or the PostgreSQL database given), written in bulk as an import would (the
/// projections only: no event log, which the daily report does not read); their facts are in
/// memory, as the server keeps them for the dashboard (`StatsWatch`). A run is the whole write:
/// the figures of the day, the day before, the same day a year before and the 28-day trend from
/// the facts; the day's and the past week's incidents, alerts, referrals and units read from the
/// store; tomorrow's forecast; the page drawn; the report stored through the command runner (an
/// audited write). The same is timed for a district, a station and a station's duty log, and
/// once with the figures built from the store alone (what `pingan report` does without a server).
/// Progress on stderr; the last line is one JSON object.
struct BenchReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Daily report benchmark (prints one JSON object).")

    @Option(help: "Incidents in the generated history.") var incidents = 1_000_000
    @Option(help: "Districts in the generated city.") var districts = 10
    @Option(help: "Stations per district.") var stations = 10
    @Option(help: "Days of history (13 months by default).") var days = 396
    @Option(help: "Timed writes of each report (after one unmeasured).") var runs = 5
    @Option(help: "The report's day, YYYY-MM-DD (default: yesterday, China Standard Time); the history ends the next morning at 06:00.")
    var date: String?
    @Option(help: "Seed of the generated history.") var seed: UInt64 = 19
    @Option(help: "PostgreSQL URL to fill instead of a fresh SQLite file (it must be empty).") var database: String?
    @Option(help: "Folder for the SQLite file (default: the system's temporary folder).") var dir: String?

    func validate() throws {
        guard (1_000...5_000_000).contains(incidents) else { throw ValidationError("--incidents must be 1000 to 5000000") }
        guard (1...50).contains(districts), (1...50).contains(stations) else { throw ValidationError("--districts and --stations must be 1 to 50") }
        guard (366...1000).contains(days) else { throw ValidationError("--days must be 366 to 1000 (a year and its comparison)") }
        guard (1...100).contains(runs) else { throw ValidationError("--runs must be 1 to 100") }
        if let date { do { _ = try ReportDay(date, field: "date") } catch { throw ValidationError("--date: \(error.message)") } }
    }

    struct Result: Codable {
        var dataSource = "synthetic"
        var store = ""
        var history = "incident rows in the store (bulk-written projections, no event log); their facts in memory, as the server keeps them"
        var incidents = 0
        var stations = 0
        var day = ""
        var build = "debug"
        var fillSeconds = 0.0
        var runs = 0
        var cityDailyMedianMs = 0.0
        var cityDailyMaxMs = 0.0
        var cityDailyMinMs = 0.0
        var targetMs = 2000.0
        var meetsTarget = false
        var districtDailyMedianMs = 0.0
        var stationDailyMedianMs = 0.0
        var stationDutyLogMedianMs = 0.0
        /// The city's report with the figures built from the store (29 days of incidents read and measured), once.
        var cityDailyFromStoreMs = 0.0
        var cityDayIncidents = 0
        var htmlBytes = 0
        /// The city's report by step, median over the runs (see `ReportBuilder.timings`).
        var cityDailyStepsMs: [String: Double] = [:]
    }

    func run() async throws {
        let log: (String) -> Void = { FileHandle.standardError.write(Data(("bench: " + $0 + "\n").utf8)) }
        var result = Result()
        #if DEBUG
        log("debug build: these figures do not count (swift build -c release --product pingan)")
        #else
        result.build = "release"
        #endif
        let day = try date.map { try ReportDay($0, field: "date") } ?? ReportDay(containing: Date()).advanced(by: -1)
        let asOf = day.end + 6 * 3600
        var generator = KPIHistoryGenerator(end: asOf)
        generator.incidents = incidents
        generator.districts = districts
        generator.stationsPerDistrict = stations
        generator.days = days
        generator.seed = seed
        let city = generator.city()
        let bench = try await BenchStore(database: database, dir: dir, name: "report")
        result.store = bench.kind
        do {
            guard try await bench.store.lastSequence() == 0,
                  try await bench.store.incidents(IncidentQuery(limit: 1), scope: .everything).total == 0 else {
                throw ValidationError("the database already holds data; give an empty one")
            }
            let fillStart = ContinuousClock.now
            var units: [EntityWrite] = []
            for (id, path) in city.unitPaths.sorted(by: { $0.key < $1.key }) {
                let station = JurisdictionID(String(path.split(separator: "/").last ?? ""))
                units.append(.unit(PoliceUnit(id: UnitID(id), callsign: city.names[id] ?? id, kind: .patrolCar, stationID: station,
                                              statusSince: day.start - 86_400 * 400, crew: 2, path: path)))
            }
            try await bench.store.restore(RestoreBatch(writes: ([city.city] + city.jurisdictions).map { .jurisdiction($0) } + units))
            var all: [Incident] = []
            all.reserveCapacity(incidents)
            var facts = IncidentFacts()
            generator.generate(for: city) { incident, zone in
                all.append(incident)
                facts.upsert(IncidentFact(incident, zone: zone))
            }
            facts.prepare()
            log("generated \(all.count) incidents; writing them to the \(bench.kind) store")
            var written = 0
            while written < all.count {
                let batch = all[written..<min(all.count, written + 5000)]
                try await bench.store.restore(RestoreBatch(writes: batch.map { .incident($0) }))
                written += batch.count
                if written % 100_000 < 5000 { log("\(written) incidents stored") }
            }
            result.incidents = all.count
            result.cityDayIncidents = all.lazy.filter { day.contains($0.times.receivedAt) }.count
            all = []
            result.fillSeconds = Self.seconds(ContinuousClock.now - fillStart)
            result.stations = city.stations.count
            result.day = day.description

            let app = AppServices(store: bench.store, time: FixedTime(instant: asOf))
            var held = ReportBuilder(store: bench.store, facts: facts, alerts: AlertFacts(), printer: nil)
            let steps = Locked<[String: [Double]]>([:])
            held.timings = { step, took in steps.withLock { $0[step, default: []].append(Self.seconds(took) * 1000) } }
            let writer = Actor(id: "system", name: "bench")
            func time(_ kind: Report.Kind, _ j: Jurisdiction, builder: ReportBuilder, runs: Int) async throws -> [Double] {
                var ms: [Double] = []
                for k in 0...runs {
                    let t0 = ContinuousClock.now
                    let built = try await builder.build(kind: kind, jurisdiction: j, date: day, language: .zh, asOf: asOf, pdf: false)
                    let report = try await app.reports.write(built.draft, by: writer, scope: .everything).get()
                    if k > 0 { ms.append(Self.seconds(ContinuousClock.now - t0) * 1000) }
                    if kind == .daily && j.id == city.city.id { result.htmlBytes = report.htmlBytes }
                }
                return ms.sorted()
            }
            log("timing the city's daily report (\(runs) runs after one unmeasured)")
            let cityRuns = try await time(.daily, city.city, builder: held, runs: runs)
            // The unmeasured first run's steps are dropped with it.
            result.cityDailyStepsMs = steps.withLock { $0 }.mapValues { Self.median(Array($0.dropFirst()).sorted()) }
            result.runs = runs
            result.cityDailyMedianMs = Self.median(cityRuns)
            result.cityDailyMinMs = cityRuns.first ?? 0
            result.cityDailyMaxMs = cityRuns.last ?? 0
            result.meetsTarget = result.cityDailyMaxMs <= result.targetMs
            result.districtDailyMedianMs = Self.median(try await time(.daily, city.jurisdictions[0], builder: held, runs: runs))
            result.stationDailyMedianMs = Self.median(try await time(.daily, city.stations[0], builder: held, runs: runs))
            result.stationDutyLogMedianMs = Self.median(try await time(.dutyLog, city.stations[0], builder: held, runs: runs))
            log("timing the city's daily report with the figures built from the store")
            result.cityDailyFromStoreMs = Self.median(try await time(.daily, city.city, builder: ReportBuilder(store: bench.store, printer: nil), runs: 1))
        } catch {
            await bench.close()
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        await bench.close()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

    static func median(_ sorted: [Double]) -> Double { sorted.isEmpty ? 0 : sorted[(sorted.count - 1) / 2] }
}

/// A clock that stays at one instant: the benchmark's reports are all written "the next morning".
struct FixedTime: TimeSource {
    let instant: Date
    func now() -> Date { instant }
}
