import Foundation
import Testing

/// `pingan forecast backtest`, `pingan forecast knox` and `pingan bench forecast` as an analyst
/// runs them on a file.
@Suite("pingan forecast")
struct ForecastCommandTests {
    /// A plain CSV: 20 days of a hot corner (3 a day), a warm one (every other day) and one
    /// event a day on a diagonal, with a burglary category on the hot corner's first event of
    /// each day and one bad row (line 3).
    static func eventFile() -> String {
        var lines = ["time,lat,lon,category", "2026-01-01T08:00:00,31.205,121.405,Burglary", "soon,31.205,121.405,Theft"]
        for d in 0..<20 {
            let date = String(format: "2026-01-%02ld", d + 1)
            for k in 0..<3 { lines.append("\(date)T\(String(format: "%02ld", 9 + k)):00:00,31.205,121.405,\(k == 0 ? "Burglary" : "Theft")") }
            if d % 2 == 0 { lines.append("\(date),31.215,121.42,Assault") }
            lines.append("\(date)T20:00,\(31.2 + Double(d) * 0.001),\(121.4 + Double(d) * 0.0013),Theft")
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("forecast-events-\(UUID().uuidString).csv").path
        _ = FileManager.default.createFile(atPath: path, contents: Data((lines.joined(separator: "\n") + "\n").utf8))
        return path
    }

    static func jsonObject(_ output: String) throws -> [String: Any] {
        let line = try #require(output.split(separator: "\n").last { $0.hasPrefix("{") })
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func backtestJSONHasTheAgreedShape() throws {
        let path = Self.eventFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output) = try PinganProcess.run(["forecast", "backtest", "--events", path, "--train-days", "5", "--test", "2026-01-10..2026-01-12", "--json"])
        #expect(status == 0, "\(output)")
        #expect(output.contains("line 3: bad_time"), "the bad row is reported by line: \(output)")
        let object = try Self.jsonObject(output)
        // 2026-01-05...09: three hot, one diagonal a day, warm on the 5th, 7th and 9th.
        #expect(object["events_train"] as? Int == 5 * 4 + 3)
        // 2026-01-10...12: warm on the 11th.
        #expect(object["events_test"] as? Int == 3 * 4 + 1)
        let methods = try #require(object["methods"] as? [String: Any])
        #expect(Set(methods.keys) == ["prior_counts", "kde", "prospective", "sepp"])
        for (name, value) in methods {
            let m = try #require(value as? [String: Any])
            #expect(Set(m.keys) == ["pai", "hit_rate"], "\(name)")
            let pai = try #require(m["pai"] as? [String: Double]), hit = try #require(m["hit_rate"] as? [String: Double])
            #expect(Set(pai.keys) == ["1", "5", "10"] && Set(hit.keys) == ["1", "5", "10"])
            #expect(hit.values.allSatisfy { $0 >= 0 && $0 <= 1 } && pai.values.allSatisfy { $0 >= 0 })
            #expect((hit["10"] ?? 0) >= (hit["1"] ?? 1), "a larger area holds at least as many events")
        }
    }

    @Test func backtestTableAndCategory() throws {
        let path = Self.eventFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output) = try PinganProcess.run(["forecast", "backtest", "--events", path, "--train-days", "5", "--test", "2026-01-10..2026-01-12"])
        #expect(status == 0, "\(output)")
        for name in ["prior_counts", "kde", "prospective", "sepp", "PAI 5%", "hit 10%", "study area"] { #expect(output.contains(name), "\(name)") }
        let burglary = try PinganProcess.run(["forecast", "backtest", "--events", path, "--train-days", "5", "--test", "2026-01-10..2026-01-12",
                                              "--category", "^burglary$", "--json"])
        #expect(burglary.status == 0, "\(burglary.output)")
        #expect(try Self.jsonObject(burglary.output)["events_test"] as? Int == 3)
    }

    @Test func backtestBadInputFailsWithAMessage() throws {
        let path = Self.eventFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let base = ["forecast", "backtest", "--events", path, "--train-days", "5"]
        let outside = try PinganProcess.run(base + ["--test", "2026-01-15..2026-02-15"])
        #expect(outside.status != 0 && outside.output.contains("outside the data, which runs 2026-01-01..2026-01-20"), "\(outside.output)")
        let empty = try PinganProcess.run(base + ["--test", "2026-01-01..2026-01-03"])
        #expect(empty.status != 0 && empty.output.contains("no events in the 5 days before 2026-01-01"), "\(empty.output)")
        let large = try PinganProcess.run(base + ["--test", "2026-01-10..2026-01-12", "--cell", "1", "--max-grid-bytes", "100000"])
        #expect(large.status != 0 && large.output.contains("bytes") && large.output.contains("over the limit"), "\(large.output)")
        let badWindow = try PinganProcess.run(base + ["--test", "2026-01-12..2026-01-10"])
        #expect(badWindow.status != 0 && badWindow.output.contains("--test must be FROM..TO"), "\(badWindow.output)")
        let strict = try PinganProcess.run(base + ["--test", "2026-01-10..2026-01-12", "--strict"])
        #expect(strict.status != 0 && strict.output.contains("strict"), "\(strict.output)")
        let missing = try PinganProcess.run(["forecast", "backtest", "--events", "/nonexistent/events.csv", "--train-days", "5", "--test", "2026-01-10..2026-01-12"])
        #expect(missing.status != 0 && missing.output.contains("error:"), "\(missing.output)")
        let columns = try PinganProcess.run(base + ["--test", "2026-01-10..2026-01-12", "--columns", "nyc"])
        #expect(columns.status != 0 && columns.output.contains("unknown --columns"), "\(columns.output)")
    }

    @Test func knoxTableAndJSON() throws {
        let path = Self.eventFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output) = try PinganProcess.run(["forecast", "knox", "--events", path, "--category", "burglary|theft", "--json", "--seed", "3"])
        #expect(status == 0, "\(output)")
        let object = try Self.jsonObject(output)
        #expect(object["events"] as? Int == 1 + 20 * 3 + 20)
        let bands = try #require(object["bands"] as? [[String: Any]])
        #expect(bands.count == 4 * 4)
        #expect(bands.allSatisfy { $0["observed"] is Int && $0["p_value"] is Double })
        let again = try PinganProcess.run(["forecast", "knox", "--events", path, "--category", "burglary|theft", "--json", "--seed", "3"])
        #expect(try Self.jsonObject(again.output)["bands"] as? NSArray == bands as NSArray, "the same seed, the same p-values")
        let table = try PinganProcess.run(["forecast", "knox", "--events", path, "--space-bands", "0,50,500", "--time-bands", "0,1"])
        #expect(table.status == 0 && table.output.contains("0-50") && table.output.contains("1+"), "\(table.output)")
        let bad = try PinganProcess.run(["forecast", "knox", "--events", path, "--space-bands", "0,x"])
        #expect(bad.status != 0 && bad.output.contains("--space-bands"), "\(bad.output)")
        let none = try PinganProcess.run(["forecast", "knox", "--events", path, "--category", "arson"])
        #expect(none.status != 0 && none.output.contains("no event's category matches"), "\(none.output)")
    }

    @Test func benchForecastPrintsOneJSONObject() throws {
        let (status, output) = try PinganProcess.run(["bench", "forecast", "--events", "3000", "--cells", "100"])
        #expect(status == 0, "\(output)")
        let object = try Self.jsonObject(output)
        for key in ["events", "fit_seconds", "iterations", "true", "fitted", "relative_error"] { #expect(object[key] != nil, "\(key)") }
        let fitted = try #require(object["fitted"] as? [String: Double])
        #expect(fitted["theta"] != nil && fitted["omega_per_day"] != nil && fitted["mu_total_per_day"] != nil)
    }
}
