import Foundation
import Logging
import PinganAnalytics
import PinganApp
import PinganCore

/// The demo city's front-end sensors at work (`DemoSensorPlan`), driven as real devices are:
/// each signs in with its own token and posts to its own routes — batches of plate reads, crowd
/// counts, alarm presses, and a heartbeat when it has had nothing to say for a minute. The
/// server matches the reads against the watchlists and the counts against the crowd rule, and
/// raises the alerts; an alarm press files a P1 incident, which the simulator's auto-dispatch
/// then handles like any call, and an alert no person took up is closed after ten minutes.
///
/// Load, kept light for a two-core laptop: some 200 requests and 300 records a minute in all
/// (8 gates × a batch every 5–8 s of a few reads, 60 cameras × a count every 30 s, the buttons'
/// heartbeats).
///
/// Clocks. Traffic and crowds follow the real Shanghai clock (`DailyCurve`), like the crews'
/// shifts. The call stream's speed-up (`rate`) sets how often something happens that the police
/// act on: a watchlist car passes a gate `sightingsPerModelHour` times an hour of model time, and
/// each school's button is pressed about once in `pressEvery` of model time — at the default 6×
/// a sighting every few minutes and a press somewhere every five or so.
struct DemoSensing {
    /// One commissioned device: its registration, a client signed in with its own token, and
    /// when it reports next.
    struct Device {
        var sensor: PublicSensor
        let client: APIClient
        var nextAt: Date
        /// Seconds since its last batch (a gate's reads are spread over them).
        var interval = 0.0
        var lastContact = Date.distantPast
        var readsPerMinute = 0.0
        var crowd: DemoCrowdCounter?
        /// Set when the server no longer takes its token: a person retired the device or issued
        /// it a token of their own.
        var released = false
    }

    /// The simulator's own client, for what a device may not read (the alerts it raised).
    let simulator: APIClient
    var gates: [Device] = []
    var cameras: [Device] = []
    var buttons: [Device] = []
    let rate: Double
    var rng: SeededRandom
    let logger: Logger
    /// This run's start in milliseconds: with a counter, batch IDs unique per device across restarts.
    let run: Int64
    var batches = 0
    var lastTick: Date
    var lastSettle = Date.distantPast

    static let sightingsPerModelHour = 4.0
    static let pressEvery: TimeInterval = 2 * 3600
    static let gateInterval = 5.0...8.0
    static let cameraInterval: TimeInterval = 30
    static let heartbeatInterval: TimeInterval = 60
    /// How long an alert waits for a person before the simulated duty officer closes it.
    static let settleAfter: TimeInterval = 10 * 60

    /// Commissions the plan's devices as the `installer` account (`DemoSensingSetup`): lists the
    /// registered sensors, issues each of the plan's a fresh token through
    /// `POST /v1/sensors/{id}/token`, and signs the installer out. Devices someone else registered
    /// are left alone.
    static func commission(simulator: APIClient, installerToken: String, plan: DemoSensorPlan, rate: Double, seed: UInt64, logger: Logger,
                           now: Date = Date()) async throws -> DemoSensing {
        struct Listing: Decodable { var items: [PublicSensor] }
        let installer = APIClient(sharing: simulator, token: installerToken)
        let byName = Dictionary(plan.devices.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var sensing = DemoSensing(simulator: simulator, rate: rate, rng: SeededRandom(seed: seed ^ 0x5E45), logger: logger, run: Int64(now.timeIntervalSince1970 * 1000),
                                  lastTick: now)
        for sensor in try await installer.get("v1/sensors", as: Listing.self).items where sensor.active {
            guard let planned = byName[sensor.name], planned.kind == sensor.kind else { continue }
            let registered: SensorCommands.Registered
            do {
                registered = try JSONCoding.decoder.decode(SensorCommands.Registered.self,
                                                           from: try await installer.send("POST", "v1/sensors/\(sensor.id.rawValue)/token"))
            } catch {
                logger.warning("demo sensor not commissioned", metadata: ["sensor": "\(sensor.name)", "error": "\(error)"])
                continue
            }
            var device = Device(sensor: registered.sensor, client: APIClient(sharing: simulator, token: registered.token), nextAt: now)
            switch sensor.kind {
            case .gate:
                device.readsPerMinute = planned.readsPerMinute ?? 20
                sensing.gates.append(device)
            case .camera:
                device.crowd = DemoCrowdCounter(peak: planned.eveningPeak ?? 400, surges: planned.surges, seed: seed &+ UInt64(sensing.cameras.count))
                sensing.cameras.append(device)
            case .alarmButton:
                sensing.buttons.append(device)
            case .checkpoint, .drone:
                continue
            }
        }
        // The installer's work is done; its session ends now rather than in an hour.
        _ = try? await installer.send("POST", "v1/auth/logout")
        // First reports spread out: the gates within three seconds (so the map shows them live at
        // once), the cameras over one counting interval, the buttons' first heartbeats over a few seconds.
        for i in sensing.gates.indices {
            sensing.gates[i].interval = 3
            sensing.gates[i].nextAt = now.addingTimeInterval(3 * Double(i) / Double(sensing.gates.count))
        }
        for i in sensing.cameras.indices { sensing.cameras[i].nextAt = now.addingTimeInterval(cameraInterval * Double(i) / Double(sensing.cameras.count)) }
        for i in sensing.buttons.indices { sensing.buttons[i].nextAt = now.addingTimeInterval(Double(i)) }
        return sensing
    }

    var deviceCount: Int { gates.count + cameras.count + buttons.count }

    /// Posts whatever is due by `now`; returns the incidents alarm presses filed.
    mutating func tick(now: Date) async -> [IncidentID] {
        let elapsed = min(10, max(0, now.timeIntervalSince(lastTick)))
        lastTick = now
        for i in gates.indices where gates[i].nextAt <= now {
            let records = plateReads(over: gates[i].interval, perMinute: gates[i].readsPerMinute, now: now)
            let next = Self.gateInterval.lowerBound + rng.uniform() * (Self.gateInterval.upperBound - Self.gateInterval.lowerBound)
            gates[i].interval = next
            gates[i].nextAt = now.addingTimeInterval(next)
            if records.isEmpty {
                if now.timeIntervalSince(gates[i].lastContact) >= Self.heartbeatInterval { await Self.heartbeat(&gates[i], now: now, logger: logger) }
            } else {
                let batch = nextBatchID()
                await Self.post(&gates[i], records, batchID: batch, now: now, logger: logger)
            }
        }
        for i in cameras.indices where cameras[i].nextAt <= now {
            cameras[i].nextAt = now.addingTimeInterval(Self.cameraInterval)
            guard let count = cameras[i].crowd?.count(at: now) else { continue }
            let batch = nextBatchID()
            await Self.post(&cameras[i], [["at": Timestamp.format(now), "kind": "crowd", "count": count]], batchID: batch, now: now, logger: logger)
        }
        var filed: [IncidentID] = []
        let pressChance = 1 - exp(-elapsed * rate / Self.pressEvery)
        for i in buttons.indices {
            if rng.uniform() < pressChance {
                logger.info("demo alarm button pressed", metadata: ["button": "\(buttons[i].sensor.name)"])
                let batch = nextBatchID()
                let result = await Self.post(&buttons[i], [["at": Timestamp.format(now), "kind": "alarm"]], batchID: batch, now: now, logger: logger)
                filed += result?.incidents ?? []
            } else if buttons[i].nextAt <= now {
                buttons[i].nextAt = now.addingTimeInterval(Self.heartbeatInterval)
                if now.timeIntervalSince(buttons[i].lastContact) >= Self.heartbeatInterval { await Self.heartbeat(&buttons[i], now: now, logger: logger) }
            }
        }
        await settle(now: now)
        gates.removeAll(where: \.released)
        cameras.removeAll(where: \.released)
        buttons.removeAll(where: \.released)
        return filed
    }

    /// The duty officer's part, simulated: an alert still only received `settleAfter` after it was
    /// raised is acknowledged and closed — handled, or now and then a false alarm (a misread
    /// plate) — with feedback that says it was the simulator. One a person acknowledged is theirs
    /// and left alone. Looked at every half minute.
    mutating func settle(now: Date) async {
        guard now.timeIntervalSince(lastSettle) >= 30 else { return }
        lastSettle = now
        struct Listing: Decodable { var items: [Alert] }
        guard let data = try? await simulator.send("GET", "v1/alerts?status=received&members=false&limit=100"),
              let open = try? JSONCoding.decoder.decode(Listing.self, from: data).items else { return }
        for alert in open where now.timeIntervalSince(alert.raisedAt) >= Self.settleAfter {
            let misread = alert.kind == .watchlistHit && rng.uniform() < 0.1
            let feedback = misread ? "模拟值班员：现场核对车辆，号牌误识别，非布控车辆" : "模拟值班员：已核查处置完毕"
            do {
                try await simulator.send("POST", "v1/alerts/\(alert.id.rawValue)/acknowledge")
                try await simulator.send("POST", "v1/alerts/\(alert.id.rawValue)/close",
                                         json: ["outcome": misread ? "falseAlarm" : "handled", "feedback": feedback])
            } catch {
                logger.notice("demo alert left open", metadata: ["alert": "\(alert.id.rawValue)", "error": "\(error)"])
            }
        }
    }

    mutating func nextBatchID() -> String {
        batches += 1
        return "demo-\(run)-\(batches)"
    }

    /// A gate's reads over the last `seconds`: the passing traffic at this hour, and now and then
    /// a car from the demo watchlist, as read (`sighting()`).
    mutating func plateReads(over seconds: Double, perMinute: Double, now: Date) -> [[String: Any]] {
        var reads: [(plate: String, colour: String, type: String, confidence: Double)] = []
        for _ in 0..<rng.poisson(mean: perMinute * DailyCurve.traffic.value(at: now) * seconds / 60) {
            let r = DemoPlates.passing(&rng)
            reads.append((r.plate, r.colour, r.vehicleType, 0.86 + 0.13 * rng.uniform()))
        }
        let perGate = Self.sightingsPerModelHour * rate / 3600 / Double(max(1, gates.count))
        if rng.uniform() < min(0.5, perGate * seconds) { reads.append(sighting()) }
        let times = reads.indices.map { _ in now.addingTimeInterval(-seconds * rng.uniform()) }.sorted()
        return zip(reads, times).map { read, at in
            ["at": Timestamp.format(at), "kind": "plate", "plate": read.plate, "plateColour": read.colour, "vehicleType": read.type,
             "direction": rng.uniform() < 0.5 ? "in" : "out", "confidence": (read.confidence * 100).rounded() / 100]
        }
    }

    /// A watchlist car passing: mostly read as it is; sometimes with a 1 or 0 read as I or O
    /// (normalised back, an exact hit); sometimes one character off (a fuzzy hit on the entries
    /// that ask for them).
    mutating func sighting() -> (plate: String, colour: String, type: String, confidence: Double) {
        let listed = DemoSensorPlan.watchlist
        let entry = listed[Int(rng.uniform() * Double(listed.count))]
        let colour = entry.plate.count == 8 ? "green" : "blue"
        let u = rng.uniform()
        if u < 0.15, let misread = DemoPlates.ioConfused(entry.plate, &rng) {
            return (misread, colour, "car", 0.7 + 0.1 * rng.uniform())
        }
        if u < 0.35 {
            let fuzzy = listed.filter(\.fuzzy)
            return (DemoPlates.oneOff(fuzzy[Int(rng.uniform() * Double(fuzzy.count))].plate, &rng), "blue", "car", 0.6 + 0.15 * rng.uniform())
        }
        return (entry.plate, colour, "car", 0.9 + 0.09 * rng.uniform())
    }

    // MARK: Requests (static: they change one device while the caller holds the others)

    @discardableResult
    static func post(_ device: inout Device, _ records: [[String: Any]], batchID: String, now: Date,
                     logger: Logger) async -> SensorCommands.BatchResult? {
        guard let data = await send(&device, "records", json: ["batchID": batchID, "records": records], now: now, logger: logger) else { return nil }
        return try? JSONCoding.decoder.decode(SensorCommands.BatchResult.self, from: data)
    }

    static func heartbeat(_ device: inout Device, now: Date, logger: Logger) async {
        _ = await send(&device, "heartbeat", json: nil, now: now, logger: logger)
    }

    static func send(_ device: inout Device, _ route: String, json: Any?, now: Date, logger: Logger) async -> Data? {
        do {
            let data = try await device.client.send("POST", "v1/sensors/\(device.sensor.id.rawValue)/\(route)", json: json)
            device.lastContact = now
            return data
        } catch let failure as APIClient.Failure where failure.status == 401 {
            logger.notice("demo sensor released: its token no longer signs in (retired, or given a new token by a person)",
                          metadata: ["sensor": "\(device.sensor.name)"])
            device.released = true
        } catch {
            logger.warning("demo sensor report refused", metadata: ["sensor": "\(device.sensor.name)", "error": "\(error)"])
        }
        return nil
    }
}
