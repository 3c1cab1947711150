using System.Net;

namespace SikkerKey.Bench.Load;

/// <summary>One kind of request, built afresh for every send (signatures and nonces are single-use).</summary>
/// <param name="Name">What the print-out calls it.</param>
/// <param name="Build">A fresh request, to an absolute address.</param>
/// <param name="Expected">The status that counts as a success.</param>
/// <param name="MakesAuditFacts">Whether each request leaves facts for the audit pipeline to work off afterwards.</param>
internal sealed record Scenario(string Name, Func<HttpRequestMessage> Build, HttpStatusCode Expected, bool MakesAuditFacts = false);
