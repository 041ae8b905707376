import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '@fiu/core';
import { ConsentUseCase } from '@fiu/exchange';
import { invalid } from '../casework.errors';
import { DisseminationConsentDto } from '../dto/dissemination.dto';
import { DisseminationConsentRequestsResponse } from '../dto/dissemination.response';
import { ThirdPartyCheck } from './third-party';

/**
 * The one-call consent request from a blocked dissemination: every item the third-party rule holds
 * back (and not yet asked about) is asked of the FIU it came from, for this authority and purpose,
 * through the exchange's own consent request (policy-checked, audited, delivered by the worker).
 */
@Injectable()
export class ConsentRequestsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly thirdParty: ThirdPartyCheck,
    private readonly consent: ConsentUseCase,
  ) {}

  async requestAll(input: DisseminationConsentDto, actor: Actor): Promise<DisseminationConsentRequestsResponse> {
    const receivedMessageIds = [...new Set(input.receivedMessageIds)];
    const [authority] = (await this.dataSource.query('SELECT code FROM competent_authorities WHERE code = $1 AND active', [input.authorityCode])) as { code: string }[];
    if (!authority) throw invalid(`no active competent authority ${input.authorityCode}`);
    const before = await this.thirdParty.summarise(this.dataSource.manager, receivedMessageIds, authority.code);
    const toAsk = before.partners.flatMap((partner) => partner.items).filter((item) => item.consent === 'missing');
    const requested = [];
    // One exchange message per item: each is its own consent decision at the partner.
    for (const item of toAsk) {
      const sent = await this.requestConsent(item.receivedMessageId, authority.code, input.purpose, actor);
      requested.push({ receivedMessageId: item.receivedMessageId, originator: item.originator, requestMessageId: sent.id });
    }
    return { requested, thirdParty: await this.thirdParty.summarise(this.dataSource.manager, receivedMessageIds, authority.code) };
  }

  /** The one call into the exchange's consent request. */
  private async requestConsent(receivedId: string, authorityCode: string, purpose: string, actor: Actor): Promise<{ id: string }> {
    // The same recipient the third-party check asks the gate about (domesticRecipient).
    return this.consent.request(receivedId, { recipient: { kind: 'domestic', authority: authorityCode }, purpose }, actor);
  }
}
