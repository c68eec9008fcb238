import ArgumentParser
import Foundation
import PinganAnalytics

/// `pingan triage …`: triage tools that run offline, on files.
struct TriageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "triage", abstract: "Offline triage tools (duplicate calls).",
                                                    subcommands: [TriageDuplicates.self])
}

/// `pingan triage duplicates`: duplicate clustering over a whole call file, so a reader can judge
/// the merge threshold on real calls before a city turns proposals on: how many calls would have
/// been merged, and a seeded random sample of merges and of near misses, each pair with both
/// calls' time, place and text and the score with its reasons.
struct TriageDuplicates: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplicates",
        abstract: "Cluster a call file's duplicate calls and show sample merges and near misses.",
        discussion: """
        Calls are compared in time order with the earlier calls inside the duplicate windows, as a
        new call is live (DuplicateRules: 300 m, 2 h, text bigrams, category, caller number); pairs
        at or above the threshold join one cluster.

        Example:
          pingan triage duplicates --calls ../shared/data/calls/montgomery_pa_911_calls_2015_2016.csv.gz
        """)

    @Option(help: "Call file (CSV, optionally .gz).") var calls: String
    @Option(help: "Column preset: \(ColumnMapping.Preset.allCases.map(\.rawValue).joined(separator: "|")). Default: guessed from the file name.")
    var preset: String?
    @Option(help: "Merge threshold, 0 < X <= 1 (default: the rules' merge threshold, \(DuplicateRules.standard.mergeThreshold)).")
    var threshold: Double?
    @Option(help: "Near misses are pairs this far below the threshold at most.") var margin = 0.1
    @Option(help: "Random merges and near misses to show, each.") var samples = 20
    @Option(help: "Seed of the samples.") var seed: UInt64 = 1
    @Option(help: "Read at most this many rows.") var limit: Int?

    func validate() throws {
        if let t = threshold, !(t.isFinite && t > 0 && t <= 1) { throw ValidationError("--threshold must be in (0, 1], e.g. 0.6") }
        guard margin.isFinite, margin >= 0, margin < 1 else { throw ValidationError("--margin must be in [0, 1)") }
        guard (0...10_000).contains(samples) else { throw ValidationError("--samples must be 0 to 10000") }
        if let l = limit, l <= 0 { throw ValidationError("--limit must be positive") }
        if let p = preset, ColumnMapping.Preset(rawValue: p) == nil {
            throw ValidationError("unknown preset '\(p)'; choose one of \(ColumnMapping.Preset.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(1)
    }

    func run() throws {
        guard let preset = preset.flatMap(ColumnMapping.Preset.init(rawValue:)) ?? ColumnMapping.Preset.guess(fileName: (calls as NSString).lastPathComponent) else {
            throw Self.fail("cannot tell the format of \(calls): pass --preset (\(ColumnMapping.Preset.allCases.map(\.rawValue).joined(separator: "|")))")
        }
        let file: CallSummaryFile.Result
        do { file = try CallSummaryFile(preset: preset, options: .init(limit: limit)).read(path: calls) } catch { throw Self.fail("\(error)") }
        if file.calls.isEmpty { throw Self.fail("no usable calls in \(calls) (\(file.rowsRead) rows read)") }
        let rules = DuplicateRules.standard
        let started = Date()
        let result: DuplicateClustering.Result
        do { result = try DuplicateClustering.cluster(file.calls, rules: rules, threshold: threshold, nearMissMargin: margin) } catch {
            throw Self.fail("\(error)")
        }
        let seconds = Date().timeIntervalSince(started)

        let n = file.calls.count
        func percent(_ k: Int) -> String { String(format: "%.1f%%", 100 * Double(k) / Double(n)) }
        let clusters = result.clusters
        print("file: \((calls as NSString).lastPathComponent) (preset \(preset.rawValue))")
        var skipped = ""
        if file.skippedTotal > 0 {
            skipped = " (\(file.skippedTotal) of \(file.rowsRead) rows skipped: "
                + file.skipped.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ") + ")"
        }
        print("calls: \(n)\(skipped)")
        let w = rules.weights
        print(String(format: "rules: radius %.0f m (full within %.0f m), windows %.0f min open / %.0f min closed, time half-life %.0f min; weights place %.2f, time %.2f, text %.2f, category %.2f, caller %.2f",
                     rules.radiusMeters, rules.nearMeters, rules.openWindow / 60, rules.closedWindow / 60, rules.timeHalfLife / 60,
                     w.place, w.time, w.text, w.category, w.caller))
        if !file.calls.contains(where: { CallerNumber.key($0.callerPhone) != 0 }) {
            print("note: the file has no caller numbers, so no pair is \"sameCaller\"; every call counts as open (2 h window)")
        }
        if !preset.mapping.timeFormat.hasTimeOfDay {
            print("note: the file has dates only, no time of day: every call of a day counts as the same moment, so these merges say little")
        }
        print(String(format: "threshold: %.2f (near misses: %.2f <= score < %.2f)", result.threshold, max(0, result.threshold - margin), result.threshold))
        print("merged: \(result.mergedCount) calls join an earlier one (\(percent(result.mergedCount))), \(result.links) pairs at or above the threshold")
        print("clusters: \(clusters.count) of two or more calls (largest \(clusters.map(\.count).max() ?? 0)); \(n - result.mergedCount) incidents after merging")
        print("near misses: \(result.nearMisses.count) calls whose best pair scored just below the threshold")
        print(String(format: "time: %.2f s", seconds))

        var rng = SeededRandom(seed: seed)
        func sample(_ pairs: [DuplicateClustering.Pair]) -> [DuplicateClustering.Pair] {
            var pool = pairs
            var out: [DuplicateClustering.Pair] = []
            while out.count < samples && !pool.isEmpty {
                let k = rng.index(pool.count)
                out.append(pool[k])
                pool.swapAt(k, pool.count - 1)
                pool.removeLast()
            }
            return out.sorted { $0.later < $1.later }
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        func line(_ i: Int) -> String {
            let c = file.calls[i]
            return "\(formatter.string(from: c.receivedAt))  \(c.description)  @ \(file.places[i].isEmpty ? "-" : file.places[i]) "
                + String(format: "(%.5f, %.5f)", c.location.lat, c.location.lon) + "  [\(c.id)]"
        }
        func show(_ title: String, _ pairs: [DuplicateClustering.Pair]) {
            print("")
            print("\(title) (seed \(seed)):")
            for (k, p) in pairs.enumerated() {
                print(String(format: "%2d. score %.3f  ", k + 1, p.candidate.score) + p.candidate.reasons.joined(separator: " "))
                print("    later:   " + line(p.later))
                print("    earlier: " + line(p.earlier))
            }
            if pairs.isEmpty { print("    (none)") }
        }
        let merges = sample(result.merges), misses = sample(result.nearMisses)
        show("\(merges.count) random merge\(merges.count == 1 ? "" : "s")", merges)
        show("\(misses.count) random near miss\(misses.count == 1 ? "" : "es")", misses)
    }
}
