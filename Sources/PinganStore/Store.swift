import Foundation
import PinganCore

/// Everything a backend offers, as the composition of its small roles. Code that needs one role
/// asks for that protocol (`any Projections`, `any EventLog`); only the composition root and the
/// application layer hold a whole `Store`.
///
/// Every backend (SQLite embedded, PostgreSQL for several instances) implements each role in a
/// file of its own (`SQLiteStore+Projections.swift`, …) and passes the contract suite in
/// `PinganTestSupport`.
public typealias Store = EventLog & Projections & Counters & SessionStore & TrackStore & SensorRecordStore & PositionFeed & Archive & ReportStore
