using Runner.Extensible.Protocol;
using Runner.Extensible.Transports;

namespace Runner.Extensible;

public sealed partial class ModuleRunner
{
    /// <summary>
    /// Receives what the transport pushes once RPC responses are taken out: payloads go to the HMR client (Vite
    /// passes a no-op handler when HMR is off, and ignores payloads after close), connection changes are logged.
    /// </summary>
    private sealed class TransportEvents(ModuleRunner runner) : IRunnerTransportEvents
    {
        public void OnPayload(HotPayload payload)
        {
            if (runner._closed)
            {
                RunnerLog.PayloadIgnored(runner._logger, runner.Name, payload.Type, "the runner is closed");
                return;
            }
            if (payload is UnknownHotPayload unknown)
                RunnerLog.UnknownPayloadType(runner._logger, runner.Name, unknown.UnknownType);
            if (runner._hot is not { } hot)
            {
                RunnerLog.PayloadIgnored(runner._logger, runner.Name, payload.Type, "HMR is off");
                return;
            }
            try
            {
                hot.Enqueue(payload);
            }
            catch (Exception ex)
            {
                // The transport's delivery must never break on a payload.
                RunnerLog.HmrEnqueueFailed(runner._logger, runner.Name, payload.Type, ex);
            }
        }

        public void OnDisconnected(Exception? reason) =>
            RunnerLog.TransportDisconnected(runner._logger, runner.Name, runner.Components.Transport.DisplayName, reason);

        // Nothing is dropped from the cache: every import asks the server with cached:true (with coherence on, the
        // first call confirms everything held at once), and the server answers with fresh code (invalidate:true)
        // for whatever changed while the connection was down. With HMR on, the client also checks at once whether the
        // server lost or changed anything, and reloads the entry points if so, so that HMR resumes by itself.
        public void OnReconnected()
        {
            RunnerLog.TransportReconnected(runner._logger, runner.Name, runner.Components.Transport.DisplayName);
            runner.ScheduleReconnectCheck(serverGraphReplaced: false);
        }
    }
}
