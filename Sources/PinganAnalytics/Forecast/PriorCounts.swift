/// Method (a): the number of events each cell had in the training window.
///
/// The naive baseline every forecast must beat: "tomorrow looks like the last N days". It is
/// what most crime maps show and it is hard to beat on stable hotspots.
public enum PriorCounts {
    /// Events per cell among `events[training]`.
    public static func scores(_ events: GriddedEvents, training: Range<Int>) -> [Double] {
        var s = [Double](repeating: 0, count: events.grid.cellCount)
        for i in training { s[Int(events.cell[i])] += 1 }
        return s
    }
}
