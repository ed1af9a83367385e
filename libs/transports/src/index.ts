export { TransportsModule } from './transports.module';
export { TransportsService } from './transports.service';
export { TransportSweeps } from './transport-sweeps.service';
