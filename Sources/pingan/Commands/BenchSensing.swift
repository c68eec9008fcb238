import ArgumentParser
import Foundation
import PinganBench
import PinganCore

/// `pingan bench sensing`: plate reads matched against a watchlist of a million plates in
/// process, exact and by the fuzzy rule (`SensingBenchmark`), beside the in-run anchor: Redis
/// `SISMEMBER` on a set of the same plates, pipelined 64 deep by `redis-benchmark`, when
/// `redis-server` and `redis-benchmark` are on the PATH. Its last line is one JSON object.
///
/// Then the loopback half (`SensingHTTPBenchmark`): batches of reads posted to the real server
/// on a file-backed SQLite store, durable (`http_reads_per_s`), and the time from sending a batch
/// to its alert's frame on the live feed (`alert_p99_ms`), with the kernel's I/O pressure before
/// and after it (`IOPressure`), since a throttled disk shows in every durable figure.
struct BenchSensing: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sensing", abstract: "Plate-matching benchmark against a watchlist (prints one JSON object).")

    @Option(help: "Watchlist plates (all matched exactly and by the fuzzy rule).") var entries = 1_000_000
    @Option(help: "Plate reads matched exactly (a tenth as many fuzzily).") var reads = 5_000_000
    @Option(help: "Seed of the plates and reads.") var seed: UInt64 = 1
    @Flag(help: "Skip the Redis anchor.") var noRedis = false
    @Option(help: "Batches posted over HTTP.") var batches = 200
    @Option(help: "Reads per batch.") var batch = 2_000
    @Option(help: "Keep-alive connections (one gate sensor each).") var connections = 2
    @Option(help: "Plates on the HTTP run's watchlist (added over the API).") var listed = 200
    @Option(help: "Reads per second to send at, open loop (0: each connection sends its next batch once answered).") var rate: Double = 0

    mutating func run() async throws {
        let log: (String) -> Void = { FileHandle.standardError.write(Data(("bench: " + $0 + "\n").utf8)) }
        log("building a watchlist of \(entries) plates and matching \(reads) reads (release build for real figures)")
        let f = SensingBenchmark.runMatching(entries: entries, reads: reads, seed: seed)
        log(String(format: "index built in %.2f s (%.0f MiB); exact %.0f reads/s, fuzzy %.0f reads/s, normalise %.0f plates/s",
                   f.buildSeconds, f.indexMegabytes, f.exactPerSecond, f.fuzzyPerSecond, f.normalisePerSecond))
        var redis: Double?
        if !noRedis {
            redis = try RedisAnchor.sismember(plates: SensingBenchmark.randomPlates(count: entries, seed: seed), log: log)
        }
        let pressureBefore = IOPressure.someAvg10()
        let http = try await SensingHTTPBenchmark(batches: batches, batch: batch, connections: connections, listed: listed,
                                              rate: rate > 0 ? rate : nil).run(progress: log)
        let pressureAfter = IOPressure.someAvg10()
        if let pressureBefore, let pressureAfter {
            log(String(format: "I/O pressure (some, avg10): %.2f %% before the HTTP run, %.2f %% after", pressureBefore, pressureAfter))
        }
        let l = http.alertLatenciesMs
        func pct(_ q: Double) -> Double { l.isEmpty ? .nan : (l[min(l.count - 1, Int(Double(l.count) * q))] * 100).rounded() / 100 }
        log(String(format: "HTTP: %d reads in %.2f s = %.0f reads/s durable; %d of %d alerts seen, p50 %.2f ms, p99 %.2f ms",
                   http.reads, http.seconds, http.readsPerSecond, l.count, http.batchesPosted, pct(0.5), pct(0.99)))
        var object: [String: Any] = [
            "inprocess_reads_per_s": Int(f.exactPerSecond), "fuzzy_matches_per_s": Int(f.fuzzyPerSecond),
            "normalise_per_s": Int(f.normalisePerSecond), "index_build_s": (f.buildSeconds * 100).rounded() / 100, "entries": f.entries,
            "exact_hits": f.exactHits, "fuzzy_hits": f.fuzzyHits, "http_reads_per_s": Int(http.readsPerSecond),
            "http_batch": batch, "http_connections": connections, "http_rate": rate > 0 ? rate as Any : NSNull(), "alerts_seen": l.count, "alerts_expected": http.batchesPosted,
            "alert_p50_ms": l.isEmpty ? NSNull() : pct(0.5) as Any, "alert_p99_ms": l.isEmpty ? NSNull() : pct(0.99) as Any,
            "io_pressure_before_pct": pressureBefore.map { $0 as Any } ?? NSNull(), "io_pressure_after_pct": pressureAfter.map { $0 as Any } ?? NSNull(),
            "http_stored_bytes_per_read": http.storedBytesPerRead.map { ($0 * 10).rounded() / 10 as Any } ?? NSNull(),
        ]
        if let redis {
            object["redis_sismember_per_s"] = Int(redis)
            object["ratio_inprocess_to_redis_sismember"] = (f.exactPerSecond / redis * 100).rounded() / 100
        } else {
            object["redis_sismember_per_s"] = NSNull()
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}

/// The Redis anchor: a loopback `redis-server` without persistence, the plates loaded as one set
/// with `redis-cli --pipe`, then `redis-benchmark -P 64 SISMEMBER` on one member.
enum RedisAnchor {
    static func sismember(plates: [PlateNumber], log: (String) -> Void) throws -> Double? {
        guard let server = which("redis-server"), let cli = which("redis-cli"), let bench = which("redis-benchmark") else {
            log("redis-server/redis-cli/redis-benchmark not on PATH: no anchor (apt-get install redis-server)")
            return nil
        }
        let port = "56379"
        let redis = Process()
        redis.executableURL = URL(fileURLWithPath: server)
        redis.arguments = ["--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        redis.standardOutput = FileHandle.nullDevice
        try redis.run()
        // Stopped by its own SHUTDOWN, not by SIGTERM: a child started from a thread that blocks
        // signals (this process's NIO threads do) inherits the mask and never sees SIGTERM, and
        // waiting for it then hung the benchmark; SIGKILL, which no mask stops, if that fails.
        defer { stop(redis, cli: cli, port: port) }
        Thread.sleep(forTimeInterval: 0.5)
        // RESP commands, one SADD per 1,000 plates.
        var resp = Data()
        for chunk in stride(from: 0, to: plates.count, by: 1000) {
            let part = plates[chunk..<min(chunk + 1000, plates.count)]
            var command = "*\(part.count + 2)\r\n$4\r\nSADD\r\n$6\r\nplates\r\n"
            for p in part { command += "$\(p.text.utf8.count)\r\n\(p.text)\r\n" }
            resp.append(Data(command.utf8))
        }
        let load = Process()
        load.executableURL = URL(fileURLWithPath: cli)
        load.arguments = ["-p", port, "--pipe"]
        let input = Pipe()
        load.standardInput = input
        load.standardOutput = FileHandle.nullDevice
        try load.run()
        input.fileHandleForWriting.write(resp)
        try input.fileHandleForWriting.close()
        load.waitUntilExit()
        let member = plates.first?.text ?? "沪A00000"
        let run = Process()
        run.executableURL = URL(fileURLWithPath: bench)
        run.arguments = ["-p", port, "-q", "-n", "2000000", "-P", "64", "SISMEMBER", "plates", member]
        let out = Pipe()
        run.standardOutput = out
        try run.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        run.waitUntilExit()
        log("redis-benchmark: " + text.trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: "\r").last!)
        // "SISMEMBER plates …: 1234567.89 requests per second, p50=…"
        guard let range = text.range(of: #"([0-9.]+) requests per second"#, options: .regularExpression) else { return nil }
        return Double(text[range].split(separator: " ")[0])
    }

    static func stop(_ redis: Process, cli: String, port: String) {
        let shutdown = Process()
        shutdown.executableURL = URL(fileURLWithPath: cli)
        shutdown.arguments = ["-p", port, "shutdown", "nosave"]
        shutdown.standardOutput = FileHandle.nullDevice
        shutdown.standardError = FileHandle.nullDevice
        if (try? shutdown.run()) != nil { shutdown.waitUntilExit() }
        for _ in 0..<50 where redis.isRunning { Thread.sleep(forTimeInterval: 0.1) }
        if redis.isRunning { kill(redis.processIdentifier, SIGKILL) }
        redis.waitUntilExit()
    }

    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}
