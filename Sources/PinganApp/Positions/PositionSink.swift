/// Where live positions go once a batch is stored: the live feed's light channel.
public protocol PositionSink: Sendable {
    func broadcast(_ positions: [LivePosition]) async
}
