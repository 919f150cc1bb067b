// Key Vault for the catalog's secrets (webhook URLs, the signed-webhook secret, the SMTP password).
// RBAC mode: the app reads secrets as Key Vault Secrets User; the values are set by an operator
// (az keyvault secret set), never written in templates or parameters.
param name string
param location string
param tags object

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    publicNetworkAccess: 'Enabled'
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
