/// Everything a ``VarlinkServer`` is configured with besides the service itself.
public struct VarlinkServerConfiguration: Sendable, Equatable {
    public var limits: VarlinkServerLimits
    public var errorNames: VarlinkServerErrorNames

    public init(limits: VarlinkServerLimits = VarlinkServerLimits(), errorNames: VarlinkServerErrorNames = VarlinkServerErrorNames()) {
        self.limits = limits
        self.errorNames = errorNames
    }
}
