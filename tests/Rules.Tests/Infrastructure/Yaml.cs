namespace CanaryGuard.Rules.Tests.Infrastructure;

/// <summary>Builds test Canaries: a valid skeleton with the analysis block (or anything else) supplied by the test.</summary>
public static class Yaml
{
    /// <summary>
    /// A Canary whose <c>spec.analysis</c> body is <paramref name="analysisBody"/>, indented by four spaces per line
    /// as written. The analysis: key is on line 12, its first field on line 13.
    /// </summary>
    public static string Canary(string analysisBody) =>
        """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata:
          name: web
          namespace: shop
        spec:
          targetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: web
          service: {port: 80}
          analysis:

        """ + analysisBody;

    /// <summary>Metrics and a load-test webhook that satisfy every analysis rule, to append to an analysis body.</summary>
    public const string SafeChecks =
        """
            metrics:
              - name: request-success-rate
                thresholdRange: {min: 99}
                interval: 1m
              - name: request-duration
                thresholdRange: {max: 500}
                interval: 1m
            webhooks:
              - name: load-test
                url: http://flagger-loadtester.test/
                timeout: 5s
                metadata: {cmd: "hey -z 1m -q 10 -c 2 http://web-canary.shop/"}

        """;
}
