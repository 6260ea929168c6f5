import { Controller, Get, NotFoundException, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuditCheckpointV1 } from '@countersign/contracts';
import { Public, WorkflowAccess } from '@countersign/auth';
import { CheckpointCheck, CheckpointsService } from './checkpoints.service';
import { LatestCheckpointView } from '../trail/trail-views';

@ApiTags('trail')
@ApiBearerAuth()
@Controller('api/v1/trail/checkpoints')
export class CheckpointsController {
  constructor(private readonly checkpoints: CheckpointsService) {}

  @Post()
  @WorkflowAccess('checkpoint.issue', 'all')
  @ApiOperation({ summary: 'Sign and publish a checkpoint of every chain head now' })
  @ApiCreatedResponse({ type: AuditCheckpointV1 })
  issue(): Promise<AuditCheckpointV1> {
    return this.checkpoints.issue();
  }

  @Get('public-key')
  @Public()
  @ApiOperation({
    summary: 'The Ed25519 public key that verifies checkpoints (SPKI PEM), with its key id; public by design',
  })
  publicKey(): { algorithm: 'Ed25519'; keyId: string; publicKeyPem: string } {
    return this.checkpoints.publicKey();
  }

  @Get('latest')
  @WorkflowAccess('trail.read', 'all')
  @ApiOperation({ summary: 'The latest checkpoint, and whether the trail still matches it' })
  @ApiOkResponse({ type: LatestCheckpointView })
  @ApiNotFoundResponse({ description: 'No checkpoint has been issued yet' })
  async latest(): Promise<{ checkpoint: AuditCheckpointV1; check: CheckpointCheck }> {
    const checkpoint = await this.checkpoints.latest();
    if (!checkpoint) throw new NotFoundException('no checkpoint signed yet');
    return { checkpoint, check: await this.checkpoints.check(checkpoint) };
  }
}
