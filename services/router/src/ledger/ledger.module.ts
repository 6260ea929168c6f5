import { Module } from '@nestjs/common';
import { RoutedDecisionLedger } from './routed-decision-ledger';

@Module({ providers: [RoutedDecisionLedger], exports: [RoutedDecisionLedger] })
export class LedgerModule {}
