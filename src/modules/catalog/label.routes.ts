/** POST /api/v1/items/labels: a PDF sheet of barcode labels (`catalog.manage`, as it may assign barcodes). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorFromRequest } from '../../http/request-auth.js';
import { labelRequest, type LabelService } from './label.service.js';

export function labelApiRoutes(labels: LabelService) {
  return (api: FastifyInstance): void => {
    api.withTypeProvider<ZodTypeProvider>().post(
      '/items/labels',
      {
        config: { access: { permission: 'catalog.manage' } },
        schema: {
          tags: ['catalog'],
          body: labelRequest,
          produces: ['application/pdf'],
          response: { 200: z.any().describe('file contents') },
        },
      },
      async (request, reply) => {
        const pdf = await labels.print(actorFromRequest(request), request.body);
        return reply
          .type('application/pdf')
          .header('content-disposition', 'attachment; filename="labels.pdf"')
          .send(pdf);
      },
    );
  };
}
