//! go-plugin's GRPCController: Terraform calls `Shutdown` when it is done with
//! the plugin; we stop serving and the process exits on its own instead of
//! being killed two seconds later.

use tokio_util::sync::CancellationToken;
use tonic::{Request, Response, Status};

use crate::proto::go_plugin::grpc_controller_server::GrpcController;
use crate::proto::go_plugin::Empty;

pub struct Controller {
    pub shutdown: CancellationToken,
}

#[tonic::async_trait]
impl GrpcController for Controller {
    async fn shutdown(&self, _: Request<Empty>) -> Result<Response<Empty>, Status> {
        crate::logging::debug("Terraform asked the plugin to shut down");
        self.shutdown.cancel();
        Ok(Response::new(Empty {}))
    }
}
