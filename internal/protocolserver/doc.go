// Package protocolserver wraps a terraform-plugin-framework provider's
// protocol 6 server to work around two faults upstream, measured against
// terraform-plugin-framework v1.19 and terraform-plugin-go v0.31:
//
//   - The framework keeps the cancel function of every request's context
//     until StopProvider, which Terraform sends only on Ctrl-C, and with it
//     the whole request: its loggers, fields and gRPC stream, some 60 KB. A
//     plan of 500 replay jobs kept 58 MiB alive that way, and a do-nothing
//     framework provider keeps as much. The wrapper hands each call a
//     context that lets go of the request once it has been answered
//     (server.go). TestServerLetsGoOfEachRequest fails once the framework
//     no longer keeps them.
//   - terraform-plugin-go passes StopProvider on and, as soon as it
//     returns, drops whatever a stopped action still sends, its error too;
//     Terraform 1.15 then counts the action as done, and the apply says
//     "Apply complete!". The wrapper's StopProvider returns only once each
//     stopped action has sent its error (stop.go).
//     TestPluginGoDropsWhatAStoppedActionSends fails once terraform-plugin-go
//     sends them.
//
// When both tests fail, main can serve the framework's server as it is, and
// this package can go. It knows nothing of the Konnect provider.
package protocolserver
