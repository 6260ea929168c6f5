import { Module } from '@nestjs/common';
import { DecisionRoutingHandler } from './decision-routing.handler';

@Module({ controllers: [DecisionRoutingHandler] })
export class RoutingModule {}
