// What an operator is told about: one action group (e-mail), and three alerts on the app's Application Insights.
// - a failed invocation of any function (the timers fail on purpose when a check is inconclusive, cannot start,
//   or reminders could not be delivered; see README "What an operator sees");
// - no successful CheckSources invocation in 26 hours (the daily check stopped: timer disabled, app down);
// - the /api/health availability test failing from two or more locations.
param location string
param tags object
param applicationInsightsName string
@description('Host name of the function app (for the availability test of https://HOST/api/health).')
param functionAppHostName string
@description('Name of the CheckSources timer function, as in functions.metadata.')
param checkFunctionName string = 'CheckSources'
@description('Where alerts are e-mailed; empty: the action group has no receivers (alerts still show in the portal).')
param alertEmail string
param actionGroupName string
param resourceToken string

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2024-10-01-preview' = {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'reviewcad'
    enabled: true
    emailReceivers: empty(alertEmail)
      ? []
      : [
          {
            name: 'operator'
            emailAddress: alertEmail
            useCommonAlertSchema: true
          }
        ]
  }
}

// Every function invocation is a request in Application Insights (host.json keeps requests out of sampling).
resource failedInvocations 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-failed-invocations-${resourceToken}'
  location: 'global'
  tags: tags
  properties: {
    description: 'A ReviewCadence function invocation failed (an inconclusive or unstartable check, failed reminder deliveries, or an error).'
    severity: 2
    enabled: true
    scopes: [
      applicationInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'failed-requests'
          metricNamespace: 'microsoft.insights/components'
          metricName: 'requests/failed'
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Count'
        }
      ]
    }
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

// The query looks back 26 hours itself: a daily check that runs late by a little is not an alert.
resource noSuccessfulCheck 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-no-check-26h-${resourceToken}'
  location: location
  tags: tags
  properties: {
    displayName: 'No successful ${checkFunctionName} in 26 hours'
    description: 'The scheduled check has not succeeded for 26 hours: sources are not being checked.'
    severity: 1
    enabled: true
    scopes: [
      applicationInsights.id
    ]
    evaluationFrequency: 'PT1H'
    windowSize: 'P2D'
    criteria: {
      allOf: [
        {
          query: 'requests | where timestamp > ago(26h) | where operation_Name == "${checkFunctionName}" and success == true'
          timeAggregation: 'Count'
          operator: 'LessThan'
          threshold: 1
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

resource healthTest 'Microsoft.Insights/webtests@2022-06-15' = {
  name: 'webtest-health-${resourceToken}'
  location: location
  // The hidden link ties the test to the Application Insights resource, where its results go.
  tags: union(tags, {
    'hidden-link:${applicationInsights.id}': 'Resource'
  })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: 'webtest-health-${resourceToken}'
    Name: 'ReviewCadence /api/health'
    Description: 'GET https://${functionAppHostName}/api/health answers 200 (anonymous liveness).'
    Enabled: true
    Frequency: 300
    Timeout: 30
    Kind: 'standard'
    RetryEnabled: true
    Locations: [
      { Id: 'us-va-ash-azr' }
      { Id: 'emea-nl-ams-azr' }
      { Id: 'apac-sg-sin-azr' }
    ]
    Request: {
      RequestUrl: 'https://${functionAppHostName}/api/health'
      HttpVerb: 'GET'
      ParseDependentRequests: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 7
    }
  }
}

resource healthAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-health-${resourceToken}'
  location: 'global'
  tags: tags
  properties: {
    description: 'The /api/health availability test fails from two or more locations.'
    severity: 1
    enabled: true
    scopes: [
      healthTest.id
      applicationInsights.id
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: healthTest.id
      componentId: applicationInsights.id
      failedLocationCount: 2
    }
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

output actionGroupId string = actionGroup.id
