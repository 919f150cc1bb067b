// ReviewCadence in Azure: a Flex Consumption function app (.NET 10 isolated worker) that reaches its
// storage, Application Insights and Key Vault with one user-assigned managed identity, no keys.
// Shaped after the azd Flex Consumption quickstarts (Azure-Samples/functions-quickstart-dotnet-azd),
// with plain resources instead of registry modules so `bicep build` needs no network.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used to name the resource group and to derive unique resource names.')
param environmentName string

@minLength(1)
@description('Region for all resources. It must offer the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the person or pipeline running the deployment. It is allowed to set Key Vault secrets and to read and write the ReviewCadence tables (for the CLI). Leave empty to grant nothing.')
param principalId string = deployer().objectId

@description('NCRONTAB (UTC) schedule of the CheckSources timer.')
param checkSchedule string = '0 0 6 * * *'

@description('NCRONTAB (UTC) schedule of the SendReminders timer.')
param reminderSchedule string = '0 0 9 * * 1-5'

@description('Sources per queue batch: the CheckSources timer hands a catalog with more sources than this to queue-triggered CheckSourceBatch instances, this many sources per message; 0 checks every catalog in the timer run.')
@minValue(0)
param checkQueueBatchSize int = 500

@description('SMTP server for e-mail reminders; empty when no owner uses e-mail.')
param smtpHost string = ''

@description('SMTP port.')
param smtpPort int = 587

@description('SMTP transport security (MailKit SecureSocketOptions): None, Auto, SslOnConnect, StartTls or StartTlsWhenAvailable.')
@allowed([
  'None'
  'Auto'
  'SslOnConnect'
  'StartTls'
  'StartTlsWhenAvailable'
])
param smtpSecurity string = 'StartTls'

@description('SMTP user name; empty for an unauthenticated relay. The password is the Key Vault secret "smtp-password".')
param smtpUser string = ''

@description('Sender address of e-mail reminders.')
param smtpFrom string = ''

@description('App settings whose values are Key Vault secrets, as { APP_SETTING_NAME: secret-name }. The catalog reads \${NAME} from these settings; add one entry per \${NAME} your catalog uses, then set the secret in the vault.')
param vaultReferencedSettings object = {
  TEAMS_WEBHOOK_PLATFORM: 'teams-webhook-platform'
  SLACK_WEBHOOK_FINOPS: 'slack-webhook-finops'
  REVIEW_HOOK_URL: 'review-hook-url'
  REVIEW_HOOK_SECRET: 'review-hook-secret'
  ReviewCadence__Smtp__Password: 'smtp-password'
}

@description('E-mail address that alerts (failed invocations, no successful check in 26 hours, /api/health down) are sent to; empty sends none (they still show in the portal).')
param alertEmail string = ''

@description('Upper bound of Flex Consumption instances for the app.')
param maximumInstanceCount int = 100

@description('Memory of each Flex Consumption instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = 'func-${resourceToken}'
// The app package lives in a container of the app's own storage account (Flex Consumption "one deploy").
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(toLower(uniqueString(functionAppName, resourceToken)), 7)}'

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-api-${resourceToken}'
    location: location
    tags: tags
  }
}

// The queue of fanned-out check batches (the CheckSourceBatch trigger's %CheckQueueName%), and the poison queue the
// Functions host moves a batch to after it failed every delivery (CheckSourceBatchPoison abandons its run).
var checkQueueName = 'reviewcadence-check-batches'

module storage 'core/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    queueNames: [checkQueueName, '${checkQueueName}-poison']
  }
}

module monitoring 'core/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
  }
}

module keyVault 'core/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultName: keyVault.outputs.name
    appPrincipalId: identity.outputs.principalId
    deployerPrincipalId: principalId
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultUri: keyVault.outputs.uri
    vaultReferencedSettings: vaultReferencedSettings
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    appSettings: {
      CheckSchedule: checkSchedule
      CheckQueueName: checkQueueName
      ReviewCadence__Check__QueueBatchSize: string(checkQueueBatchSize)
      ReminderSchedule: reminderSchedule
      ReviewCadence__Store: storage.outputs.tableEndpoint
      ReviewCadence__CatalogPath: 'catalog.yaml'
      ReviewCadence__Smtp__Host: smtpHost
      ReviewCadence__Smtp__Port: string(smtpPort)
      ReviewCadence__Smtp__Security: smtpSecurity
      ReviewCadence__Smtp__User: smtpUser
      ReviewCadence__Smtp__From: smtpFrom
    }
  }
  // The app starts using its identity at once: its roles must exist first.
  dependsOn: [
    rbac
  ]
}

module alerts 'app/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    location: location
    tags: tags
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    functionAppHostName: api.outputs.hostName
    alertEmail: alertEmail
    actionGroupName: 'ag-${resourceToken}'
    resourceToken: resourceToken
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output REVIEWCADENCE_STORE string = storage.outputs.tableEndpoint
