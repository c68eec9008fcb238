import PinganStore

/// Something that must hear about every commit right after it, on this instance: the live hub
/// (so subscribers get the events within milliseconds rather than at the next poll), the
/// metrics, the position tracker (so a unit that stopped being free leaves the recommendations
/// before the request that changed it answers). Observers run after the commit is durable and
/// cannot undo it: they must not throw.
public protocol CommitObserver: Sendable {
    func committed(_ changes: Changeset, recorded: [RecordedEvent]) async
}
