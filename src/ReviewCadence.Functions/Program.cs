using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using ReviewCadence.Functions;

// The wiring lives in FunctionsApp, which the tests build too.
FunctionsApp.Configure(FunctionsApplication.CreateBuilder(args)).Build().Run();
