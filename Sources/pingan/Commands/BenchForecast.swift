import ArgumentParser
import Foundation
import PinganAnalytics

/// `pingan bench forecast`: draws ~50,000 events from a grid self-exciting process with known
/// parameters (`SEPPSimulation`), fits it by EM (`SEPPModel.fit`) and prints one JSON object with
/// the fit time and the recovered against the true parameters.
struct BenchForecast: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "forecast", abstract: "SEPP fitting benchmark (prints one JSON object).")

    @Option(help: "Events to aim for (background rate chosen so the expected total is this).") var events = 50_000
    @Option(help: "Grid cells (a square grid).") var cells = 2_500
    @Option(help: "Days simulated (ten years: long enough that the per-cell backgrounds do not soak up the clustering).") var days = 3650.0
    @Option(help: "True θ, events triggered per event in its own cell.") var theta = 0.5
    @Option(help: "True ω, triggering decay per day.") var omega = 0.2
    @Option(help: "True η, events triggered per event in each neighbouring cell (0: off).") var eta = 0.0
    @Option(help: "Seed of the simulation.") var seed: UInt64 = 19

    func validate() throws {
        guard (100...5_000_000).contains(events) else { throw ValidationError("--events must be 100 to 5000000") }
        guard (1...1_000_000).contains(cells) else { throw ValidationError("--cells must be 1 to 1000000") }
        guard days.isFinite, days >= 1, days <= 36_500 else { throw ValidationError("--days must be 1 to 36500") }
        guard theta.isFinite, theta >= 0, omega.isFinite, omega > 0, eta.isFinite, eta >= 0, theta + 8 * eta < 1 else {
            throw ValidationError("need θ >= 0, η >= 0, θ + 8η < 1 (a stable process) and ω > 0")
        }
    }

    func run() throws {
        let log: (String) -> Void = { FileHandle.standardError.write(Data(("bench: " + $0 + "\n").utf8)) }
        #if DEBUG
        log("debug build: these figures do not count (swift build -c release --product pingan)")
        #endif
        let side = max(1, Int(Double(cells).squareRoot().rounded()))
        let cellCount = side * side
        // Background: log-normal weights (a few hot cells, a long quiet tail) scaled so that
        // μ_total · days / (1 − branching) ≈ --events.
        var rng = SeededRandom(seed: seed ^ 0xF0CA)
        let weights = (0..<cellCount).map { _ in rng.logNormal(median: 1, sigma: 1) }
        let muTotal = Double(events) * (1 - theta - 8 * eta) / days
        let scale = muTotal / weights.reduce(0, +)
        let background = weights.map { $0 * scale }
        let truth = SEPPParameters(theta: theta, omega: omega, eta: eta, muTotal: muTotal)
        let clock = ContinuousClock()
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
        var t0 = clock.now
        let sim = SEPPSimulation.simulate(background: background, columns: side, rows: side, parameters: truth, days: days, seed: seed)
        let simulateSeconds = seconds(clock.now - t0)
        log("simulated \(sim.cells.count) events (\(sim.backgroundCount) background) in \(String(format: "%.2f", simulateSeconds)) s; fitting")
        t0 = clock.now
        let model: SEPPModel
        do {
            model = try SEPPModel.fit(cells: sim.cells, days: sim.days, columns: side, rows: side, window: 0..<days,
                                      options: .init(neighbours: eta > 0))
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let fitSeconds = seconds(clock.now - t0)
        let p = model.parameters
        func r(_ v: Double) -> Double { (v * 1e6).rounded() / 1e6 }
        var truthObject: [String: Any] = ["theta": theta, "omega_per_day": omega, "mu_total_per_day": r(muTotal)]
        var fitted: [String: Any] = ["theta": r(p.theta), "omega_per_day": r(p.omega), "mu_total_per_day": r(p.muTotal)]
        var error: [String: Any] = ["theta": r(p.theta / theta - 1), "omega": r(p.omega / omega - 1), "mu_total": r(p.muTotal / muTotal - 1)]
        if eta > 0 {
            truthObject["eta"] = eta
            fitted["eta"] = r(p.eta)
            error["eta"] = r(p.eta / eta - 1)
        }
        let object: [String: Any] = [
            "events": sim.cells.count, "background_events": sim.backgroundCount, "cells": cellCount, "days": days, "seed": seed,
            "fit_seconds": r(fitSeconds), "simulate_seconds": r(simulateSeconds), "iterations": model.iterations, "converged": model.converged,
            "true": truthObject, "fitted": fitted, "relative_error": error,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        print(String(decoding: data, as: UTF8.self))
    }
}
