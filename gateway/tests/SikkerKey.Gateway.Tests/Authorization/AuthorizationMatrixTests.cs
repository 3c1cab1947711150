using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using SikkerKey.ServiceDefaults.Auth;
using SikkerKey.Testing;

namespace SikkerKey.Gateway.Tests.Authorization;

/// <summary>
/// PRODUCT.md "Authorization rules", cell by cell: every actor × every route × every id variant (<see cref="Matrix"/>),
/// through the gateway of a whole system. Each cell asserts the exact status, and where it was refused, that nothing
/// either owner can see changed. A route the services serve without rows fails here.
/// </summary>
public sealed partial class AuthorizationMatrixTests(SharedSystemFixture fixture)
{
    [Fact]
    public async Task Every_cell_answers_as_the_rules_say_and_refusals_change_nothing()
    {
        using var world = await World.CreateAsync(fixture.System);
        using var anonymous = fixture.System.CreateClient();
        var failures = new List<string>();
        var cells = Cell.All().ToList();
        // The vault as the last refused cell left it. Nothing runs between that cell's second snapshot and the next
        // cell's request (a refused cell's request makes nothing fresh), so it is also the next cell's first: one
        // snapshot per refused cell instead of two, which had been half of this test's requests.
        string? known = null;
        foreach (var cell in cells)
        {
            var expected = cell.Expected();
            var refused = expected >= 400;
            var before = refused && cell.Row.Mutates ? known ?? await world.SnapshotAsync() : null;
            known = null;
            using var request = await RequestAsync(cell, world, fresh: !refused && cell.Row.FreshOnSuccess);
            var client = cell.Actor == Actor.Machine || cell.Row.MachinePlane ? anonymous : world.User(cell.Actor)!.Client;
            using var response = await client.SendAsync(request, Http.Ct);
            var text = await response.Content.ReadAsStringAsync(Http.Ct);
            if ((int)response.StatusCode != expected)
                failures.Add($"{cell}: expected {expected}, got {(int)response.StatusCode} {Shorten(text)}");
            else if (refused && !text.Contains("\"error\"", StringComparison.Ordinal))
                failures.Add($"{cell}: {expected} without an {{\"error\"}} body: {Shorten(text)}");
            if (before is not null)
            {
                var after = await world.SnapshotAsync();
                if (after != before)
                    failures.Add($"{cell}: refused with {(int)response.StatusCode} but the vault changed: {Changed(before, after)}");
                else
                    known = after;
            }
        }
        TestContext.Current.SendDiagnosticMessage($"authorization matrix: {cells.Count} cells, {failures.Count} failed");
        Console.WriteLine($"authorization matrix: {cells.Count} cells, {failures.Count} failed");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cells.Count} cells failed:\n{string.Join('\n', failures.Take(60))}");

        // The refusals did not consume B1, the Provisioning Reader's bundle: it still downloads, once. A matrix slower
        // than the download window (a loaded machine) finds it expired unused instead, which says the same.
        using var download = await world.User(Actor.ProvisioningReader)!.Client.GetAsync($"/api/integrations/docker/containers/{world["B1"]}/bundle", Http.Ct);
        var answer = download.StatusCode == HttpStatusCode.OK ? "" : await download.Content.ReadAsStringAsync(Http.Ct);
        Assert.True(download.StatusCode == HttpStatusCode.OK || (download.StatusCode == HttpStatusCode.Gone && answer.Contains("expired unused", StringComparison.Ordinal)),
            $"B1 after the matrix: {(int)download.StatusCode} {answer}");
    }

    [Fact]
    public async Task Every_route_a_service_serves_has_rows_in_the_matrix()
    {
        var covered = Matrix.Rows.Select(r => r.Key).Concat(Matrix.OutsideMatrix).ToHashSet();
        var missing = new List<string>();
        foreach (var route in await PublicRoutesAsync())
            if (!covered.Contains(route))
                missing.Add(route);
        Assert.True(missing.Count == 0, "routes without rows in the authorization matrix:\n" + string.Join('\n', missing));
        Assert.True(covered.Count > 40, $"only {covered.Count} routes: the route table did not load");
    }

    [Fact]
    public async Task No_route_answers_500_to_nulls_junk_or_wrong_shapes()
    {
        using var world = await World.CreateAsync(fixture.System);
        string[] ids = ["null", "proj_x%20y", new string('z', 3000), world["S1"], world["P1"], Guid.Empty.ToString()];
        string?[] bodies = [null, "null", "[]", "{", "{\"projectId\":null,\"secretIds\":[null],\"watch\":[null],\"permissions\":[null],\"name\":null,\"value\":null}",
            "{\"projectId\":[1],\"secretIds\":\"x\",\"allSecrets\":\"yes\",\"version\":\"one\",\"fields\":[1]}", "\"just a string\""];
        var failures = new List<string>();
        var sent = 0;
        foreach (var route in await PublicRoutesAsync())
        {
            var (method, template) = (route.Split(' ')[0], route.Split(' ')[1]);
            foreach (var id in ids)
                foreach (var body in bodies)
                {
                    var path = Placeholder().Replace(template, id);
                    using var request = new HttpRequestMessage(new HttpMethod(method), path);
                    if (body is not null)
                        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                    using var response = path.StartsWith("/v1", StringComparison.Ordinal)
                        ? await SignedAsync(world, method, path, body)
                        : await world.Owner.Client.SendAsync(request, Http.Ct);
                    sent++;
                    if ((int)response.StatusCode >= 500)
                        failures.Add($"{method} {Shorten(path)} body {body ?? "(none)"} → {(int)response.StatusCode} {Shorten(await response.Content.ReadAsStringAsync(Http.Ct))}");
                }
        }
        Console.WriteLine($"junk sweep: {sent} requests, {failures.Count} answered 5xx");
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(40)));
    }

    private async Task<HttpResponseMessage> SignedAsync(World world, string method, string path, string? body)
    {
        using var client = fixture.System.CreateClient();
        using var request = world.M1Key.SignedRequest(new HttpMethod(method), path, body);
        return await client.SendAsync(request, Http.Ct);
    }

    /// <summary>The routes of every service as the gateway exposes them, from each service's own route table.</summary>
    private async Task<IReadOnlyList<string>> PublicRoutesAsync()
    {
        var routes = new List<string>();
        foreach (var service in SikkerKeySystem.ServiceNames)
        {
            using var response = await TestMachine.SendInternalAsync(fixture.System, fixture.System.Replicas(service)[0].Url, HttpMethod.Get, "/internal/routes",
                Principal.ServiceNamed("matrix-test"), null);
            var table = await response.Content.ReadFromJsonAsync<RouteTableEntry[]>(Http.Ct) ?? [];
            routes.AddRange(table.Where(r => r.Pattern.StartsWith("/api", StringComparison.Ordinal) || r.Pattern.StartsWith("/v1", StringComparison.Ordinal))
                .Select(r => $"{r.Method} {Constraint().Replace(r.Pattern, "{$1}").TrimEnd('/')}"));
        }
        return routes.Distinct().Order(StringComparer.Ordinal).ToList();
    }

    private sealed record RouteTableEntry(string Method, string Pattern);

    /// <summary>The cell's request: ids filled in (fresh resources where a success would spend the shared ones), signed for the machine plane.</summary>
    private static async Task<HttpRequestMessage> RequestAsync(Cell cell, World world, bool fresh)
    {
        var path = cell.Row.Route;
        var body = cell.Row.Body?.Replace("$nonce", Guid.NewGuid().ToString("N"), StringComparison.Ordinal);
        foreach (var slot in cell.Row.Slots)
        {
            var own = await OwnAsync(cell, slot, world, fresh);
            var variant = slot == cell.Varied ? cell.Variant : Variant.Own;
            var value = fresh && variant is Variant.Own or Variant.OtherProject ? own : cell.Value(slot, world, own);
            if (slot.InBody)
                body = body!.Replace("$" + slot.Name, cell.Json(slot, value, own), StringComparison.Ordinal);
            else
                path = path.Replace("{" + slot.Name + "}", Uri.EscapeDataString(value ?? "null"), StringComparison.Ordinal);
        }
        var method = new HttpMethod(cell.Row.Method);
        if (cell.Row.MachinePlane && cell.Actor == Actor.Machine)
            return world.M1Key.SignedRequest(method, path, body);
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        if (cell.Actor == Actor.Machine)
            foreach (var (name, value) in world.M1Key.Signer.Sign(method.Method, path, body is null ? [] : Encoding.UTF8.GetBytes(body)).ToHeaders())
                request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    /// <summary>The shared resource of the slot's kind, or a fresh one (of the varied project's kind) when a success would use it up.</summary>
    private static async Task<string> OwnAsync(Cell cell, Slot slot, World world, bool fresh)
    {
        var variant = slot == cell.Varied ? cell.Variant : Variant.Own;
        // Granting keeps the machine: the shared one serves (a machine registered a moment ago may not have reached the secrets service yet).
        var keep = slot.Kind == IdKind.Machine && !cell.Row.Route.StartsWith("/api/machines", StringComparison.Ordinal);
        if (!fresh || keep || variant is not (Variant.Own or Variant.OtherProject))
            return world[slot.Kind switch { IdKind.Project => "P1", IdKind.Secret => "S1", IdKind.Machine => "M1", IdKind.Bundle => "B1", _ => "T" }];
        return slot.Kind switch
        {
            IdKind.Project => await world.FreshProjectAsync(),
            IdKind.Secret => await world.FreshSecretAsync(variant, trashed: cell.Row.Route.EndsWith("/restore", StringComparison.Ordinal)),
            IdKind.Machine => await world.FreshMachineAsync(variant),
            IdKind.Bundle => await world.FreshBundleAsync(variant),
            _ => await world.FreshMemberAsync(),
        };
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    /// <summary>Where the snapshots (one line per read) first differ, so a failure says what changed.</summary>
    private static string Changed(string before, string after)
    {
        var at = before.Zip(after).TakeWhile(p => p.First == p.Second).Count();
        string Around(string text) => text[Math.Max(0, at - 80)..Math.Min(text.Length, at + 120)];
        return $"…{Around(before)}… became …{Around(after)}…";
    }

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex Constraint();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Placeholder();
}
