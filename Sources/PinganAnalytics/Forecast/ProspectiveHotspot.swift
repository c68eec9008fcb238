/// Method (c): prospective hotspotting (Bowers, Johnson & Pease 2004, "Prospective hot-spotting:
/// the future of crime mapping?", British Journal of Criminology 44(5), 641–658).
///
/// Burglary risk is raised for a few weeks around a burgled home and decays with distance and
/// time. Each past event adds to every cell within `prospectiveRadiusMetres` of its cell
/// (centre to centre) the weight
///
///     1 / (1 + d) · 1 / (1 + w)
///
/// where `d` is the distance between the two cell centres in cells (Euclidean, so 0 for the
/// event's own cell and 1 for the four cells beside it) and `w` the event's age in whole weeks
/// at the start of the forecast day (0 for the last seven days). Events `prospectiveWeeks` weeks
/// old or older add nothing. Bowers et al. used 50 m cells with 400 m and two-month bands; we
/// keep the bands in metres and weeks so they mean the same on any cell size.
public enum ProspectiveHotspot {
    /// The weight one event adds to a cell `d` cells away, `w` whole weeks later.
    @inline(__always) public static func weight(cells d: Double, weeks w: Int) -> Double {
        1 / ((1 + d) * (1 + Double(w)))
    }

    public static func scores(_ events: GriddedEvents, training: Range<Int>, day: ForecastDay, settings: ForecastSettings) -> [Double] {
        let g = events.grid
        var s = [Double](repeating: 0, count: g.cellCount)
        let dayStart = Double(day.rawValue)
        let reach = Int((settings.prospectiveRadiusMetres / g.cellMetres).rounded(.down))
        let limit = settings.prospectiveRadiusMetres / g.cellMetres
        // The offsets within the radius and their distances, once.
        var offsets: [(dc: Int, dr: Int, d: Double)] = []
        for dr in -reach...reach {
            for dc in -reach...reach {
                let d = Double(dc * dc + dr * dr).squareRoot()
                if d <= limit + 1e-9 { offsets.append((dc, dr, d)) }
            }
        }
        for i in training {
            let age = dayStart - events.days[i]
            guard age >= 0 else { continue }
            let w = Int((age / 7).rounded(.down))
            guard w < settings.prospectiveWeeks else { continue }
            let cell = Int(events.cell[i])
            let col = cell % g.columns, row = cell / g.columns
            let timeWeight = 1 / (1 + Double(w))
            for o in offsets {
                let c = col + o.dc, r = row + o.dr
                guard c >= 0, c < g.columns, r >= 0, r < g.rows else { continue }
                s[r * g.columns + c] += timeWeight / (1 + o.d)
            }
        }
        return s
    }
}
