import Foundation
import GRDB

/// Copies the write-ahead log back into the database file on a thread and connection of its
/// own, so the store's one writer only appends to the log and syncs it.
///
/// Why: SQLite checkpoints on the committing connection by default, every 1,000 pages. With a
/// gate's batches of thousands of reads that was a checkpoint every few commits, each copying
/// megabytes and syncing the database file while every other write waited behind it (the long
/// tail of `pingan bench sensing`'s alert latency). A PASSIVE checkpoint here runs beside the
/// writer and never blocks it; only when the log has grown past `restartFrames` (the writer
/// never found it fully copied at the start of a transaction, so never started it over) does a
/// RESTART checkpoint make writers wait while it finishes.
final class WALCheckpointer: @unchecked Sendable {
    private let connection: DatabaseQueue
    private let condition = NSCondition()
    private var pending = false
    private var stopped = false
    private let finished = DispatchSemaphore(value: 0)
    /// Log frames (pages) past which the log is started over even if writers must wait.
    let restartFrames: Int

    init(path: String, restartFrames: Int = 65_536) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        // A checkpoint syncs the database file before the log may be started over only when the
        // checkpointing connection says so: FULL here too, whatever the build's default.
        config.prepareDatabase { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        connection = try DatabaseQueue(path: path, configuration: config)
        self.restartFrames = restartFrames
        let thread = Thread { [self] in run() }
        thread.name = "pingan-wal-checkpoint"
        thread.start()
    }

    /// A transaction committed: the log has frames to copy.
    func committed() {
        condition.lock()
        pending = true
        condition.signal()
        condition.unlock()
    }

    /// Ends the thread after the checkpoint under way, if any, and returns once its connection
    /// is closed: the store's own connections close after it, the last of them (as before there
    /// was a checkpointer) folding the log into the file, so whoever opens the file next finds
    /// it unlocked.
    func stop() {
        condition.lock()
        let first = !stopped
        stopped = true
        condition.signal()
        condition.unlock()
        if first { finished.wait() }
    }

    private func run() {
        defer {
            try? connection.close()
            finished.signal()
        }
        while true {
            condition.lock()
            while !pending && !stopped { condition.wait() }
            if stopped { condition.unlock(); return }
            pending = false
            condition.unlock()
            // A failed checkpoint loses nothing (the frames stay in the log); the next commit retries.
            try? connection.writeWithoutTransaction { db in
                guard let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)") else { return }
                let logFrames: Int = row[1]
                if logFrames > restartFrames { try db.execute(sql: "PRAGMA wal_checkpoint(RESTART)") }
            }
        }
    }
}
