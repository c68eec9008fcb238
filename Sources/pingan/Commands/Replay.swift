import ArgumentParser
import Dispatch
import Foundation
import PinganAnalytics
import PinganCore
import PinganGeo
#if canImport(Glibc)
import Glibc
#endif

/// `pingan replay`: replays a real call file (or a generated stream) against a deployment on a
/// road network and compares dispatch policies. A thin shell over `PinganAnalytics`.
struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay calls against a (simulated) deployment and compare dispatch policies.",
        discussion: """
        Without --plan, a demo city (simulated stations, zones, posts and ~120 units) is generated
        over the map. Calls from another city are mapped onto the map's bounding box. Ctrl-C stops
        early and prints a partial report.

        Examples:
          pingan replay --calls montgomery_pa_911_calls_2015_2016.csv.gz --map data/osm/shanghai_center.osm.xz --html replay.html
          pingan replay --generate-days 7 --json
          pingan replay --map data/osm/shanghai_center.osm.xz --write-plan plan.json
        """
    )

    @Option(name: .long, help: "Call file (CSV, optionally .gz).")
    var calls: String?

    @Option(name: .long, help: "Road network (OSM .osm/.osm.xz/.pbf or DIMACS); its .pgcache is used/written.")
    var map: String = "data/osm/shanghai_center.osm.xz"

    @Option(name: .long, help: "Plan JSON (stations, zones, posts, units, shifts, policies). Default: a generated demo city.")
    var plan: String?

    @Option(name: .long, help: "Column mapping preset: \(ColumnMapping.Preset.allCases.map(\.rawValue).joined(separator: "|")). Default: guessed from the file name.")
    var preset: String?

    @Option(name: .long, help: "Column mapping JSON file (instead of a preset).")
    var mapping: String?

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    @Option(name: .long, help: "Write a self-contained HTML report here.")
    var html: String?

    @Option(name: .long, help: "Random seed (demo city, generated calls, on-scene times).")
    var seed: UInt64 = 1

    @Flag(name: .long, help: "Stop at the first bad row of the call file instead of skipping it.")
    var strict = false

    @Option(name: .long, help: "Read at most this many rows of the call file.")
    var limit: Int?

    @Option(name: .long, help: "Instead of a file, generate this many days of calls from the fitted Montgomery model.")
    var generateDays: Double?

    @Option(name: .long, help: "Write the plan used (generated or given) to this JSON file.")
    var writePlan: String?

    @Flag(name: .long, help: "Fit a call model to --calls and print it (JSON and Swift) instead of replaying.")
    var fitModel = false

    @Option(name: .long, help: "Call-handling seconds before dispatch, added to every response.")
    var dispatchDelay: Double = 0

    @Flag(name: .long, help: "Run the scenarios one after another instead of in parallel.")
    var serial = false

    @Option(name: .long, help: ArgumentHelp("Play the calls against this running Pingan server over its HTTP API instead of simulating.",
                                            discussion: "Signs in as --user with the password in PINGAN_REPLAY_PASSWORD; creates and dispatches each call."))
    var server: String?

    @Option(name: .long, help: "With --server: speed-up over real time (50 = a day in under 30 minutes).")
    var speed: Double = 50

    @Option(name: .long, help: "With --server: stop after this many wall-clock seconds.")
    var duration: Double?

    @Option(name: .long, help: "With --server: the account to act as.")
    var user = "dispatcher"

    @Flag(name: .long, help: "With --server: only create the incidents, do not dispatch them.")
    var noDispatch = false

    func validate() throws {
        if calls == nil && generateDays == nil && writePlan == nil {
            throw ValidationError("give --calls FILE, --generate-days N or --write-plan FILE")
        }
        if let p = preset, ColumnMapping.Preset(rawValue: p) == nil {
            throw ValidationError("unknown preset '\(p)'; choose one of \(ColumnMapping.Preset.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let d = generateDays, !(d > 0 && d <= 3660) { throw ValidationError("--generate-days must be in (0, 3660]") }
        if let l = limit, l <= 0 { throw ValidationError("--limit must be positive") }
        if server != nil {
            guard let url = URL(string: server!), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw ValidationError("--server must be an http(s) URL, e.g. http://127.0.0.1:8080")
            }
            guard speed.isFinite, speed > 0, speed <= 1_000_000 else { throw ValidationError("--speed must be in (0, 1000000]") }
            if let d = duration, !(d > 0) { throw ValidationError("--duration must be positive") }
            if Environment.process[.replayPassword] == nil {
                throw ValidationError("set PINGAN_REPLAY_PASSWORD to the password of --user \(user)")
            }
        }
    }

    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(1)
    }

    static func note(_ message: String) { FileHandle.standardError.write(Data((message + "\n").utf8)) }

    func columnMapping(for path: String) throws -> ColumnMapping {
        if let mapping {
            guard let data = FileManager.default.contents(atPath: mapping) else { throw Self.fail("cannot read mapping file \(mapping)") }
            do { return try JSONDecoder().decode(ColumnMapping.self, from: data) } catch {
                throw Self.fail("mapping file \(mapping) is not a valid column mapping: \(error)")
            }
        }
        if let p = preset.flatMap(ColumnMapping.Preset.init(rawValue:)) { return p.mapping }
        if let p = ColumnMapping.Preset.guess(fileName: (path as NSString).lastPathComponent) { return p.mapping }
        throw Self.fail("cannot tell the format of \(path): pass --preset (\(ColumnMapping.Preset.allCases.map(\.rawValue).joined(separator: "|"))) or --mapping FILE.json")
    }

    mutating func run() async throws {
        let t0 = Date()
        var timings: [String: Double] = [:]
        // Ctrl-C, from the first moment: the simulation stops (at once if it has not started)
        // and reports what was done; a second Ctrl-C (say, during a long load) quits at once.
        let stop = ReplayStopFlag()
        signal(SIGINT, SIG_IGN)
        let sigint = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        sigint.setEventHandler {
            if stop.isStopped { Self.note("interrupted twice: quitting without a report"); Foundation.exit(130) }
            stop.stop()
            Self.note("stopping: the report will cover the calls simulated so far (Ctrl-C again to quit at once)")
        }
        sigint.resume()
        defer { sigint.cancel(); signal(SIGINT, SIG_DFL) }
        // The plan file first: a broken plan should not cost a 100 000-row read.
        var givenPlan: ReplayPlan? = nil
        if let plan {
            guard let data = FileManager.default.contents(atPath: plan) else { throw Self.fail("cannot read plan file \(plan)") }
            if data.isEmpty { throw Self.fail("plan file \(plan) is empty") }
            do { givenPlan = try JSONDecoder().decode(ReplayPlan.self, from: data) } catch {
                throw Self.fail("plan file \(plan) is not a valid plan: \(error)")
            }
            do { try givenPlan?.validate() } catch { throw Self.fail("\(error)") }
        }
        // Calls first when fitting: no map needed.
        var records: [CallRecord] = []
        var skipped = 0
        var source = "generated"
        if let path = calls {
            let t = Date()
            let reader = CallFileReader(mapping: try columnMapping(for: path), options: .init(strict: strict, limit: limit))
            let result: CallFileReader.Result
            do { result = try reader.read(path: path) } catch { throw Self.fail("\(error)") }
            timings["read_calls_s"] = Date().timeIntervalSince(t)
            records = result.calls
            skipped = result.skippedTotal
            source = (path as NSString).lastPathComponent
            if skipped > 0 {
                Self.note("skipped \(skipped) of \(result.rowsRead) rows: " + result.skipped.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", "))
                for n in result.notices.prefix(5) { Self.note("  \(n)") }
            }
            if records.isEmpty { throw Self.fail("no usable calls in \(path) (\(result.rowsRead) rows read)") }
            if fitModel {
                let model: CallModel
                do { model = try CallModel.fit(records, source: source) } catch { throw Self.fail("\(error)") }
                let enc = JSONEncoder()
                enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(data: try enc.encode(model), encoding: .utf8) ?? "{}")
                print(model.swiftLiteral)
                return
            }
        }
        let t1 = Date()
        let network: RoadNetwork
        do { network = try RoadNetwork.load(path: map) } catch { throw Self.fail("cannot load map \(map): \(error)") }
        timings["load_network_s"] = Date().timeIntervalSince(t1)

        let replayPlan: ReplayPlan
        if let givenPlan {
            replayPlan = givenPlan
        } else {
            let t = Date()
            let city: DemoCity
            do { city = try DemoCityGenerator(seed: seed).generate(network: network) } catch { throw Self.fail("\(error)") }
            replayPlan = city.plan
            timings["demo_city_s"] = Date().timeIntervalSince(t)
            Self.note(String(format: "demo city (simulated): %d jurisdictions, %d stations, %d zones (largest zone %.2f× the mean road length), %d street posts, %d units",
                             city.jurisdictions.count, city.plan.stations.count, city.zones.count, city.zoneImbalance, city.plan.posts.count, city.units.count))
        }
        if let writePlan {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            try enc.encode(replayPlan).write(to: URL(fileURLWithPath: writePlan))
            Self.note("plan written to \(writePlan) (\(replayPlan.stations.count) stations, \(replayPlan.zones.count) zones, \(replayPlan.units.count) units)")
            if calls == nil && generateDays == nil { return }
        }
        if let days = generateDays, calls == nil {
            let t = Date()
            // 2016-01-04 (a Monday) local midnight.
            records = CallGenerator(model: .montgomery, network: network).generate(start: 1_451_865_600, days: days, seed: seed)
            timings["generate_calls_s"] = Date().timeIntervalSince(t)
            source = "generated from \(CallModel.montgomery.source) model, \(days) days"
        }

        if let server {
            try await replayAgainst(server: server, records: records, network: network, stop: stop)
            return
        }

        let showProgress = isatty(STDERR_FILENO) != 0
        let bar = ProgressBar()
        var options = ReplayEngine.Options(seed: seed)
        options.dispatchDelaySeconds = dispatchDelay
        options.parallel = !serial
        let engine = ReplayEngine(network: network, plan: replayPlan, options: options)
        var progress: (@Sendable (Double) -> Void)? = nil
        if showProgress { progress = { @Sendable f in bar.show(f) } }
        let outcome: ReplayEngine.Outcome
        do {
            outcome = try engine.run(calls: records, callSource: source, mapName: (map as NSString).lastPathComponent, skipped: skipped,
                                     stop: stop, progress: progress)
        } catch {
            throw Self.fail("\(error)")
        }
        if showProgress { bar.finish() }
        var report = outcome.report
        for (k, v) in timings { report.timings[k] = v }
        report.wallS = Date().timeIntervalSince(t0)
        if let html {
            do { try report.html.write(toFile: html, atomically: true, encoding: .utf8) } catch { throw Self.fail("cannot write \(html): \(error)") }
            Self.note("HTML report written to \(html)")
        }
        print(json ? report.json : report.comparison)
        if report.partial { Self.note("stopped early: the report covers the calls simulated so far") }
    }
}

extension Replay {
    /// Places the calls on the map as the simulation does, then plays them against the server.
    func replayAgainst(server: String, records: [CallRecord], network: RoadNetwork, stop: ReplayStopFlag) async throws {
        let placement = CallPlacement(calls: records, network: network)
        let placed = placement.place(records, on: network)
        let calls = zip(records, placed).compactMap { call, point in point.map { (time: call.time, call: call, at: $0.coordinate) } }
            .sorted { $0.time < $1.time }
        let password = Environment.process[.replayPassword] ?? ""
        let client: APIClient
        do { client = try await APIClient.login(base: URL(string: server)!, username: user, password: password) } catch {
            throw Self.fail("cannot sign in to \(server) as \(user): \(error)")
        }
        Self.note("replaying \(calls.count) calls against \(server) at \(speed)× real time" + (duration.map { " for at most \($0) s" } ?? ""))
        let report = try await LiveReplay(client: client, speed: speed, duration: duration, dispatch: !noDispatch, stop: stop).run(calls)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try encoder.encode(report), as: UTF8.self))
        if !report.kept_up { Self.note("the replay fell \(String(format: "%.1f", report.lag_max_s)) s behind its schedule") }
    }
}
