using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;

namespace ReviewCadence.Networking;

/// <summary>Thrown by a guarded handler's connect step when every address of the host is non-public.</summary>
internal sealed class PrivateNetworkRefusedException() : IOException(NetworkGuard.RefusalDetail);
