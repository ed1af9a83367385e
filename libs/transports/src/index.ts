export { TransportsModule } from './transports.module';
export { TransportsService } from './transports.service';
