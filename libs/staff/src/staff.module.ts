import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@fiu/audit';
import { RefreshToken } from './refresh-token.entity';
import { StaffUser } from './staff-user.entity';
import { StaffService } from './staff.service';

export const STAFF_ENTITIES = [StaffUser, RefreshToken];

@Module({
  imports: [TypeOrmModule.forFeature(STAFF_ENTITIES), AuditModule],
  providers: [StaffService],
  exports: [StaffService],
})
export class StaffModule {}
