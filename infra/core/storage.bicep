// The app's storage account: Functions host state (timer leases, keys), the deployment package,
// ReviewCadence's tables and the check fan-out's queue. Shared keys are off: everything signs in with Microsoft Entra ID.
param name string
param location string
param tags object
param deploymentContainerName string
@description('Queues the app uses (the check fan-out\'s batches); the host makes its own.')
param queueNames array = []

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    dnsEndpointType: 'Standard'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }

  resource queueServices 'queueServices' = {
    name: 'default'

    resource queues 'queues' = [for queueName in queueNames: {
      name: queueName
    }]
  }

  resource blobServices 'blobServices' = {
    name: 'default'

    resource deploymentContainer 'containers' = {
      name: deploymentContainerName
      properties: {
        publicAccess: 'None'
      }
    }
  }
}

output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
// ReviewCadence's store setting: the table endpoint without a trailing slash (DESIGN.md, "STORE").
output tableEndpoint string = 'https://${storage.name}.table.${environment().suffixes.storage}'
