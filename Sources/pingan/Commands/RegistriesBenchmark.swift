import Foundation
import Logging
import PinganApp
import PinganCore
import PinganGeo
import PinganServer
import PinganStore

/// The registries' figures (issue 21), measured against the real server on a file-backed store:
///
/// - a population list of `rows` people posted to `POST /v1/inhabitants/import` as CSV, timed
///   from sending to the reply (parse, check, duplicate detection, one durable commit); one row
///   in a hundred repeats an earlier person, and the reply must list each of them;
/// - the registry then grown to `addresses` standard addresses (committed in batches through the
///   command runner, as registrations are), and `queries` fragments typed by a user searched
///   through `GET /v1/addresses?q=` over loopback: each is 2 to 8 characters cut from a stored
///   address, so every one has an answer. The first search builds the index (`index_load_s`).
///
/// Street names are the real ones of the shipped Shanghai map (OpenStreetMap, ODbL), districts
/// central Shanghai's; numbers, buildings, units, rooms, names and ID numbers are drawn from a
/// seeded generator, the ID numbers with their real check characters.
struct RegistriesBenchmark {
    var rows = 100_000
    var addresses = 1_000_000
    var queries = 5_000
    var database: String?
    var seed: UInt64 = 21

    static let districts = ["黄浦区", "静安区", "徐汇区", "长宁区", "普陀区", "虹口区", "杨浦区", "浦东新区"]
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高")
    static let given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华")
    static let stations = 8

    struct Result {
        var store = ""
        var streetSource = ""
        var streets = 0
        var importRows = 0
        var importSeconds = 0.0
        var duplicatesPlanted = 0
        var duplicatesReported = 0
        var addresses = 0
        var loadSeconds = 0.0
        var indexLoadSeconds = 0.0
        var searchMs: [Double] = []
        var emptyAnswers = 0
        var scopedSearchMs: [Double] = []
    }

    func run(progress: (String) -> Void) async throws -> Result {
        var result = Result()
        var random = SplitMix64(seed: seed)
        let streets = Self.streetNames()
        result.streets = streets.names.count
        result.streetSource = streets.source
        progress("\(streets.names.count) street names (\(streets.source))")

        let bench = try await BenchStore(database: database, name: "registries")
        defer { Task { await bench.close() } }
        result.store = bench.kind
        let app = AppServices(store: bench.store)
        let stations = (1...Self.stations).map { i in
            Jurisdiction(id: JurisdictionID("bench-s\(i)"), parentID: BenchCity.district.id, level: .station, code: "BS\(i)", name: "Bench S\(i)",
                         path: Jurisdiction.path(for: JurisdictionID("bench-s\(i)"), under: BenchCity.district))
        }
        let token = try await BenchCity.seed(app, stations: stations)

        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let port = try DispatchHTTPBenchmark.freePort()
        let server = try await buildApplication(store: bench.store, configuration: ServerConfiguration(host: "127.0.0.1", port: port, bcryptCost: 4),
                                                logger: logger)
        let running = Task { try await server.runService(gracefulShutdownSignals: []) }
        defer { running.cancel() }
        let client = APIClient(base: URL(string: "http://127.0.0.1:\(port)/")!, token: token)
        try await client.waitUntilServing()

        // The population list: one person in a hundred repeats an earlier one.
        func part(_ n: UInt64) -> Int { Int(random.next() % n) }
        func address() -> (String, String, Int, Int, Int, Int) {
            (Self.districts[part(UInt64(Self.districts.count))], streets.names[part(UInt64(streets.names.count))], 1 + part(1500), 1 + part(30),
             1 + part(6), 100 * (1 + part(30)) + 1 + part(6))
        }
        var csv = "district,street,number,building,unit,room,name,idNumber,kind,permit,permitExpiry,phone\n"
        var people: [String] = []
        for i in 0..<rows {
            if i > 0 && i % 100 == 0 {
                csv += people[part(UInt64(people.count))]
                result.duplicatesPlanted += 1
                continue
            }
            let (d, s, n, b, u, r) = address()
            let temporary = part(4) == 0
            let line = "\(d),\(s),\(n),\(b),\(u),\(r),\(Self.surnames[part(20)])\(Self.given[part(20)]),\(Self.idNumber(&random)),"
                + (temporary ? "temporary,valid,2030-06-30," : "registered,,,") + "1\(3 + part(7))\(String(format: "%09d", part(1_000_000_000)))\n"
            people.append(line)
            csv += line
        }
        result.importRows = rows
        progress("importing \(rows) rows (\(csv.utf8.count / 1024) KiB of CSV) over HTTP")
        let body = try JSONSerialization.data(withJSONObject: ["csv": csv, "stationID": stations[0].id.rawValue])
        let started = ContinuousClock.now
        let reply = try await client.send("POST", "v1/inhabitants/import", body: body)
        result.importSeconds = Self.seconds(ContinuousClock.now - started)
        let summary = try JSONSerialization.jsonObject(with: reply) as? [String: Any] ?? [:]
        result.duplicatesReported = (summary["duplicates"] as? [Any])?.count ?? -1
        progress(String(format: "imported in %.2f s: %@ addresses, %@ people, %d duplicates listed", result.importSeconds,
                        "\(summary["addressesCreated"] ?? "?")", "\(summary["inhabitantsCreated"] ?? "?")", result.duplicatesReported))

        // The registry grown to `addresses`, a batch per command.
        var texts: [String] = []
        let imported = summary["addressesCreated"] as? Int ?? 0
        let wanted = max(0, addresses - imported)
        progress("registering \(wanted) more addresses in batches")
        let loadStart = ContinuousClock.now
        var made = 0
        var seen = Set<String>()
        while made < wanted {
            var events: [Event] = [], writes: [EntityWrite] = []
            while events.count < min(20_000, wanted - made) {
                let (d, s, n, b, u, r) = address()
                let raw = AddressParts(district: d, street: s, number: "\(n)", building: "\(b)", unit: "\(u)", room: "\(r)")
                guard seen.insert(raw.key).inserted else { continue }
                let station = stations[part(UInt64(stations.count))]
                let (a, event) = try RegistryDecider.address(raw, location: nil, id: .random(), station: station, existing: nil)
                events.append(event)
                writes.append(.address(a))
                if texts.count < 200_000 { texts.append(a.text) }
            }
            let decision = Decision(events: events, writes: writes, output: ())
            _ = try await app.runner.run(.registerAddress, by: Actor(id: "bench", name: "bench")) { _ in decision }
            made += events.count
        }
        result.addresses = imported + made
        result.loadSeconds = Self.seconds(ContinuousClock.now - loadStart)
        progress(String(format: "%d addresses stored (%.1f s)", result.addresses, result.loadSeconds))

        // Typed fragments: 2 to 8 characters of a stored address.
        func fragment() -> String {
            let text = Array(texts[part(UInt64(texts.count))])
            let length = min(text.count, 2 + part(7))
            let start = part(UInt64(text.count - length + 1))
            return String(text[start..<start + length])
        }
        func search(_ q: String) async throws -> Int {
            let path = "v1/addresses?limit=20&q=" + q.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let data = try await client.send("GET", path, body: nil)
            return ((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["items"] as? [Any])?.count ?? 0
        }
        let indexStart = ContinuousClock.now
        _ = try await search(fragment())
        result.indexLoadSeconds = Self.seconds(ContinuousClock.now - indexStart)
        progress(String(format: "index built on the first search in %.2f s; %d searches", result.indexLoadSeconds, queries))
        for _ in 0..<min(200, queries) { _ = try await search(fragment()) }  // warm-up
        for _ in 0..<queries {
            let q = fragment()
            let t = ContinuousClock.now
            let found = try await search(q)
            result.searchMs.append(Self.seconds(ContinuousClock.now - t) * 1000)
            if found == 0 { result.emptyAnswers += 1 }
        }
        // The same in process for a station's officer: the scope filter at work.
        let officer = User(id: UserID("bench-officer"), username: "bench-officer", displayName: "Officer", role: .stationOfficer,
                           jurisdictionID: stations[1].id, passwordHash: "", path: stations[1].path)
        for _ in 0..<queries {
            let q = fragment()
            let t = ContinuousClock.now
            _ = try await app.registry.search(q, limit: 20, for: officer)
            result.scopedSearchMs.append(Self.seconds(ContinuousClock.now - t) * 1000)
        }
        result.searchMs.sort()
        result.scopedSearchMs.sort()
        return result
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

    /// A real ID number's shape: a Shanghai district code, a birth date between 1940 and 2005,
    /// a sequence and its ISO 7064 check character.
    static func idNumber(_ random: inout SplitMix64) -> String {
        let regions = ["310101", "310104", "310105", "310106", "310107", "310109", "310110", "310115"]
        let year = 1940 + Int(random.next() % 66), month = 1 + Int(random.next() % 12), day = 1 + Int(random.next() % 28)
        let body = regions[Int(random.next() % UInt64(regions.count))] + String(format: "%04d%02d%02d%03d", year, month, day, Int(random.next() % 1000))
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body.utf8, weights).reduce(0) { $0 + Int($1.0 - 48) * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    /// The shipped map's named streets, or generated names (and the figures say so).
    static func streetNames() -> (names: [String], source: String) {
        if let path = Serve.defaultMapPath, let loaded = try? RoadNetwork.loadSource(path: path, streets: true), !loaded.streets.names.isEmpty {
            let chinese = loaded.streets.names.filter { $0.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF } && !$0.contains(",") }
            if chinese.count >= 50 { return (chinese, "shanghai_center.osm (OpenStreetMap, ODbL)") }
        }
        return ((1...800).map { "第\($0)路" }, "synthetic")
    }
}
