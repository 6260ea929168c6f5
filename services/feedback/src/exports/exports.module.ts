import { Module } from '@nestjs/common';
import { ExportStore } from './export-store';
import { ExportsController } from './exports.controller';

@Module({ controllers: [ExportsController], providers: [ExportStore] })
export class ExportsModule {}
