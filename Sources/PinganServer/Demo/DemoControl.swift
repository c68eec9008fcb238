/// The switches of a running demo city (`pingan serve --demo`), shared by the simulator that
/// reads them and the API that sets them. A dispatcher takes over by turning auto-dispatch off;
/// the simulated crews keep driving and closing what they are sent to.
public actor DemoControl {
    public private(set) var autoDispatch: Bool

    public init(autoDispatch: Bool = true) { self.autoDispatch = autoDispatch }

    public func setAutoDispatch(_ on: Bool) { autoDispatch = on }
}
