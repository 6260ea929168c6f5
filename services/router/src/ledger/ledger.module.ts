import { Module } from '@nestjs/common';
import { LedgerRetention } from './ledger-retention';
import { RoutedDecisionLedger } from './routed-decision-ledger';

@Module({ providers: [RoutedDecisionLedger, LedgerRetention], exports: [RoutedDecisionLedger] })
export class LedgerModule {}
